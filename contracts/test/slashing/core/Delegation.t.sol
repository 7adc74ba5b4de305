// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {CoreTestBase} from "./CoreTestBase.sol";
import {IStrategy} from "../../../src/eigenlayer/interfaces/IStrategy.sol";
import {IERC20} from "../../../src/eigenlayer/interfaces/IERC20.sol";
import {ERC20Mock} from "../../../src/eigenlayer/core/ERC20Mock.sol";
import {
    IDelegationManagerErrors,
    IDelegationManagerEvents
} from "../../../src/eigenlayer/slashing/interfaces/IDelegationManager.sol";
import {
    IStrategyManagerErrors,
    IStrategyManagerEvents
} from "../../../src/eigenlayer/slashing/interfaces/IStrategyManager.sol";
import {
    IPausable,
    IPauserRegistry
} from "../../../src/eigenlayer/slashing/interfaces/IPauserRegistry.sol";
import {IStrategyV1} from "../../../src/eigenlayer/slashing/interfaces/IStrategyV1.sol";
import {
    IPermissionControllerMixin
} from "../../../src/eigenlayer/slashing/interfaces/IPermissionController.sol";
import {PauserRegistry} from "../../../src/eigenlayer/slashing/core/PauserRegistry.sol";
import {DeployerInitializable} from "../../../src/eigenlayer/slashing/core/SlashingLib.sol";

/// @notice DelegationManager v1 (operators, delegation with approver signatures, undelegation,
/// withdrawals), StrategyManager v1 deposits and whitelist, StrategyBase v1, pausing.
contract DelegationTest is CoreTestBase, IDelegationManagerEvents, IStrategyManagerEvents {
    uint256 internal constant APPROVER_KEY = 0xA11CE;

    function test_registerAsOperatorEmitsInOrder() public {
        vm.expectEmit(address(delegation));
        emit DelegationApproverUpdated(operator, address(0xA77));
        vm.expectEmit(address(delegation));
        emit StakerDelegated(operator, operator);
        vm.expectEmit(address(delegation));
        emit OperatorRegistered(operator, address(0xA77));
        vm.expectEmit(address(delegation));
        emit OperatorMetadataURIUpdated(operator, "uri");
        vm.prank(operator);
        delegation.registerAsOperator(address(0xA77), 3, "uri");
        assertTrue(delegation.isOperator(operator));
        assertTrue(delegation.isDelegated(operator));
        assertEq(delegation.delegatedTo(operator), operator);
        assertEq(delegation.delegationApprover(operator), address(0xA77));
        vm.prank(operator);
        vm.expectRevert(IDelegationManagerErrors.ActivelyDelegated.selector);
        delegation.registerAsOperator(address(0), 3, "uri");
    }

    function test_depositBeforeRegisteringMovesToTheOperator() public {
        _deposit(operator, strategyLow, 30e18);
        _registerOperator(operator);
        assertEq(delegation.operatorShares(operator, IStrategy(address(strategyLow))), 30e18);
        (IStrategy[] memory s, uint256[] memory shares) = delegation.getDepositedShares(operator);
        assertEq(address(s[0]), address(strategyLow));
        assertEq(shares[0], 30e18);
    }

    function test_operatorDetailsAndMetadataNeedPermission() public {
        _registerOperator(operator);
        vm.prank(stranger);
        vm.expectRevert(IPermissionControllerMixin.InvalidPermissions.selector);
        delegation.modifyOperatorDetails(operator, stranger);
        vm.prank(stranger);
        vm.expectRevert(IDelegationManagerErrors.OperatorNotRegistered.selector);
        delegation.updateOperatorMetadataURI(stranger, "x");
        vm.expectEmit(address(delegation));
        emit OperatorMetadataURIUpdated(operator, "new");
        vm.prank(operator);
        delegation.updateOperatorMetadataURI(operator, "new");
        vm.prank(operator);
        delegation.modifyOperatorDetails(operator, address(0xA77));
        assertEq(delegation.delegationApprover(operator), address(0xA77));
    }

    function test_delegateWithApproverSignature() public {
        address approver = vm.addr(APPROVER_KEY);
        vm.prank(operator);
        delegation.registerAsOperator(approver, 0, "");
        _deposit(staker, strategyHigh, 10e18);
        uint256 expiry = block.timestamp + 100;
        bytes32 digest = delegation.calculateDelegationApprovalDigestHash(
            staker, operator, approver, bytes32("salt"), expiry
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(APPROVER_KEY, digest);
        bytes memory sig = abi.encodePacked(r, s, v);

        vm.prank(staker);
        vm.expectRevert(IDelegationManagerErrors.SignatureExpired.selector);
        delegation.delegateTo(operator, SignatureWithExpiry(sig, block.timestamp - 1), "salt");
        (v, r, s) = vm.sign(0xB0B, digest);
        vm.prank(staker);
        vm.expectRevert(IDelegationManagerErrors.InvalidSignature.selector);
        delegation.delegateTo(
            operator, SignatureWithExpiry(abi.encodePacked(r, s, v), expiry), "salt"
        );

        vm.prank(staker);
        delegation.delegateTo(operator, SignatureWithExpiry(sig, expiry), "salt");
        assertEq(delegation.delegatedTo(staker), operator);
        assertTrue(delegation.delegationApproverSaltIsSpent(approver, "salt"));
        assertEq(delegation.operatorShares(operator, IStrategy(address(strategyHigh))), 10e18);

        vm.prank(staker);
        vm.expectRevert(IDelegationManagerErrors.ActivelyDelegated.selector);
        delegation.delegateTo(operator, SignatureWithExpiry(sig, expiry), "salt");
        // A spent salt cannot be replayed by someone else.
        vm.prank(stranger);
        vm.expectRevert(IDelegationManagerErrors.SaltSpent.selector);
        delegation.delegateTo(operator, SignatureWithExpiry(sig, expiry), "salt");
        vm.prank(stranger);
        vm.expectRevert(IDelegationManagerErrors.OperatorNotRegistered.selector);
        delegation.delegateTo(staker, SignatureWithExpiry("", 0), 0);
    }

    function test_undelegateQueuesEverything() public {
        _registerOperator(operator);
        _deposit(staker, strategyLow, 10e18);
        _deposit(staker, strategyHigh, 20e18);
        vm.prank(staker);
        delegation.delegateTo(operator, SignatureWithExpiry("", 0), 0);

        vm.prank(operator);
        vm.expectRevert(IDelegationManagerErrors.OperatorsCannotUndelegate.selector);
        delegation.undelegate(operator);
        vm.prank(stranger);
        vm.expectRevert(IDelegationManagerErrors.CallerCannotUndelegate.selector);
        delegation.undelegate(staker);

        // The operator may force it.
        vm.expectEmit(address(delegation));
        emit StakerForceUndelegated(staker, operator);
        vm.prank(operator);
        bytes32[] memory roots = delegation.undelegate(staker);
        assertEq(roots.length, 2, "one withdrawal per strategy");
        assertFalse(delegation.isDelegated(staker));
        assertEq(delegation.operatorShares(operator, IStrategy(address(strategyLow))), 0);
        assertEq(strategyManager.stakerStrategyListLength(staker), 0);
        assertEq(delegation.getQueuedWithdrawalRoots(staker).length, 2);
        assertEq(delegation.cumulativeWithdrawalsQueued(staker), 2);

        vm.prank(staker);
        vm.expectRevert(IDelegationManagerErrors.NotActivelyDelegated.selector);
        delegation.undelegate(staker);
    }

    function test_completeAsSharesRedeposits() public {
        _registerOperator(operator);
        _deposit(staker, strategyLow, 10e18);
        vm.prank(staker);
        delegation.delegateTo(operator, SignatureWithExpiry("", 0), 0);
        vm.prank(staker);
        bytes32 root = delegation.undelegate(staker)[0];
        (Withdrawal memory w,) = delegation.getQueuedWithdrawal(root);
        assertEq(delegation.calculateWithdrawalRoot(w), root);
        vm.roll(block.number + MIN_WITHDRAWAL_DELAY + 1);
        // Re-delegate first: completing as shares credits the new operator.
        _registerOperator(operator2);
        vm.prank(staker);
        delegation.delegateTo(operator2, SignatureWithExpiry("", 0), 0);
        IERC20[] memory tokens = new IERC20[](1);
        vm.prank(staker);
        delegation.completeQueuedWithdrawal(w, tokens, false);
        assertEq(
            strategyManager.stakerDepositShares(staker, IStrategy(address(strategyLow))), 10e18
        );
        assertEq(delegation.operatorShares(operator2, IStrategy(address(strategyLow))), 10e18);
        assertEq(delegation.getQueuedWithdrawalRoots(staker).length, 0);
    }

    function test_redelegateAndCompleteBatchAsTokens() public {
        _registerOperator(operator);
        _registerOperator(operator2);
        _deposit(staker, strategyLow, 10e18);
        _deposit(staker, strategyHigh, 4e18);
        vm.prank(staker);
        delegation.delegateTo(operator, SignatureWithExpiry("", 0), 0);
        vm.prank(staker);
        bytes32[] memory roots = delegation.redelegate(operator2, SignatureWithExpiry("", 0), 0);
        assertEq(delegation.delegatedTo(staker), operator2);
        assertEq(delegation.operatorShares(operator, IStrategy(address(strategyLow))), 0);

        Withdrawal[] memory ws = new Withdrawal[](2);
        IERC20[][] memory tokens = new IERC20[][](2);
        bool[] memory asTokens = new bool[](2);
        for (uint256 i = 0; i < 2; i++) {
            (ws[i],) = delegation.getQueuedWithdrawal(roots[i]);
            tokens[i] = new IERC20[](1);
            tokens[i][0] = ws[i].strategies[0].underlyingToken();
            asTokens[i] = true;
        }
        vm.roll(block.number + MIN_WITHDRAWAL_DELAY + 1);
        vm.prank(staker);
        vm.expectRevert(IDelegationManagerErrors.InputArrayLengthMismatch.selector);
        delegation.completeQueuedWithdrawals(ws, tokens, new bool[](1));
        vm.prank(staker);
        delegation.completeQueuedWithdrawals(ws, tokens, asTokens);
        assertEq(tokenA.balanceOf(staker), 10e18);
        assertEq(tokenB.balanceOf(staker), 4e18);
        assertEq(strategyLow.totalShares(), 0);
    }

    function test_queueWithdrawalsErrors() public {
        _deposit(staker, strategyLow, 10e18);
        QueuedWithdrawalParams[] memory q = new QueuedWithdrawalParams[](1);
        q[0] = QueuedWithdrawalParams(_one(strategyLow), new uint256[](2), staker);
        vm.prank(staker);
        vm.expectRevert(IDelegationManagerErrors.InputArrayLengthMismatch.selector);
        delegation.queueWithdrawals(q);
        q[0] = QueuedWithdrawalParams(new IStrategy[](0), new uint256[](0), staker);
        vm.prank(staker);
        vm.expectRevert(IDelegationManagerErrors.InputArrayLengthZero.selector);
        delegation.queueWithdrawals(q);
        uint256[] memory tooMuch = new uint256[](1);
        tooMuch[0] = 10e18 + 1;
        q[0] = QueuedWithdrawalParams(_one(strategyLow), tooMuch, staker);
        vm.prank(staker);
        vm.expectRevert(IStrategyManagerErrors.SharesAmountTooHigh.selector);
        delegation.queueWithdrawals(q);
        vm.expectRevert(IDelegationManagerErrors.OnlyStrategyManagerOrEigenPodManager.selector);
        delegation.increaseDelegatedShares(staker, IStrategy(address(strategyLow)), 0, 1);
    }

    function test_fullySlashedOperatorRefusesDeposits() public {
        _slashableOperator(operator, 10e18, WAD);
        _slash(operator, strategyLow, WAD);
        assertEq(allocationManager.getMaxMagnitude(operator, IStrategy(address(strategyLow))), 0);
        vm.prank(staker);
        delegation.delegateTo(operator, SignatureWithExpiry("", 0), 0);
        tokenA.mint(staker, 1e18);
        vm.startPrank(staker);
        tokenA.approve(address(strategyManager), 1e18);
        vm.expectRevert(IDelegationManagerErrors.FullySlashed.selector);
        strategyManager.depositIntoStrategy(IStrategy(address(strategyLow)), tokenA, 1e18);
        vm.stopPrank();
    }

    function test_depositEventAndWhitelist() public {
        tokenA.mint(staker, 5e18);
        vm.startPrank(staker);
        tokenA.approve(address(strategyManager), 5e18);
        vm.expectEmit(address(strategyManager));
        emit Deposit(staker, IStrategy(address(strategyLow)), 5e18);
        strategyManager.depositIntoStrategy(IStrategy(address(strategyLow)), tokenA, 5e18);
        vm.stopPrank();
        assertEq(strategyLow.shares(staker), 5e18);
        assertEq(strategyLow.userUnderlyingView(staker), 5e18);

        IStrategy[] memory list = _one(strategyLow);
        vm.prank(stranger);
        vm.expectRevert(IStrategyManagerErrors.OnlyStrategyWhitelister.selector);
        strategyManager.removeStrategiesFromDepositWhitelist(list);
        vm.expectEmit(address(strategyManager));
        emit StrategyRemovedFromDepositWhitelist(IStrategy(address(strategyLow)));
        strategyManager.removeStrategiesFromDepositWhitelist(list);
        tokenA.mint(staker, 1e18);
        vm.startPrank(staker);
        tokenA.approve(address(strategyManager), 1e18);
        vm.expectRevert(IStrategyManagerErrors.StrategyNotWhitelisted.selector);
        strategyManager.depositIntoStrategy(IStrategy(address(strategyLow)), tokenA, 1e18);
        vm.stopPrank();

        vm.expectEmit(address(strategyManager));
        emit StrategyWhitelisterChanged(address(this), stranger);
        strategyManager.setStrategyWhitelister(stranger);
        assertEq(strategyManager.strategyWhitelister(), stranger);
        vm.expectEmit(address(strategyManager));
        emit StrategyAddedToDepositWhitelist(IStrategy(address(strategyLow)));
        vm.prank(stranger);
        strategyManager.addStrategiesToDepositWhitelist(list);
        assertTrue(strategyManager.strategyIsWhitelistedForDeposit(IStrategy(address(strategyLow))));
    }

    function test_strategyManagerCallbackErrors() public {
        vm.startPrank(address(delegation));
        vm.expectRevert(IStrategyManagerErrors.StakerAddressZero.selector);
        strategyManager.addShares(address(0), IStrategy(address(strategyLow)), 1);
        vm.expectRevert(IStrategyManagerErrors.SharesAmountZero.selector);
        strategyManager.addShares(staker, IStrategy(address(strategyLow)), 0);
        for (uint160 i = 1; i <= 32; i++) {
            strategyManager.addShares(staker, IStrategy(address(i)), 1);
        }
        vm.expectRevert(IStrategyManagerErrors.MaxStrategiesExceeded.selector);
        strategyManager.addShares(staker, IStrategy(address(33)), 1);
        vm.stopPrank();
        assertEq(strategyManager.getStakerStrategyList(staker).length, 32);
    }

    function test_strategyErrors() public {
        vm.expectRevert(IStrategyV1.OnlyStrategyManager.selector);
        strategyLow.withdraw(stranger, tokenA, 1);
        vm.startPrank(address(strategyManager));
        vm.expectRevert(IStrategyV1.OnlyUnderlyingToken.selector);
        strategyLow.deposit(tokenB, 1);
        vm.expectRevert(IStrategyV1.NewSharesZero.selector);
        strategyLow.deposit(tokenA, 0);
        vm.expectRevert(IStrategyV1.WithdrawalAmountExceedsTotalDeposits.selector);
        strategyLow.withdraw(stranger, tokenA, 1);
        tokenA.mint(address(strategyLow), 1e38);
        vm.expectRevert(IStrategyV1.TotalSharesExceedsMax.selector);
        strategyLow.deposit(tokenA, 1e38);
        vm.stopPrank();
    }

    function test_pausingBits() public {
        // StrategyManager bit 0: deposits.
        strategyManager.pause(1);
        tokenA.mint(staker, 1e18);
        vm.startPrank(staker);
        tokenA.approve(address(strategyManager), 1e18);
        vm.expectRevert(IPausable.CurrentlyPaused.selector);
        strategyManager.depositIntoStrategy(IStrategy(address(strategyLow)), tokenA, 1e18);
        vm.stopPrank();
        // Pausers set bits, only the unpauser clears them, never the other way round.
        vm.prank(stranger);
        vm.expectRevert(IPausable.OnlyPauser.selector);
        strategyManager.pause(3);
        vm.expectRevert(IPausable.InvalidNewPausedStatus.selector);
        strategyManager.pause(2);
        pauserRegistry.setUnpauser(stranger);
        vm.expectRevert(IPausable.OnlyUnpauser.selector);
        strategyManager.unpause(0);
        vm.prank(stranger);
        vm.expectRevert(IPausable.InvalidNewPausedStatus.selector);
        strategyManager.unpause(3);
        vm.prank(stranger);
        strategyManager.unpause(0);
        assertEq(strategyManager.paused(), 0);

        // DelegationManager bit 0: new delegations; bit 1: entering the withdrawal queue.
        _registerOperator(operator);
        delegation.pause(1);
        vm.prank(staker);
        vm.expectRevert(IPausable.CurrentlyPaused.selector);
        delegation.delegateTo(operator, SignatureWithExpiry("", 0), 0);
        delegation.pauseAll();
        assertTrue(delegation.paused(1));
        vm.prank(staker);
        vm.expectRevert(IPausable.CurrentlyPaused.selector);
        delegation.queueWithdrawals(new QueuedWithdrawalParams[](0));

        // AllocationManager bit 0: allocations and the deallocation queue.
        allocationManager.pause(1);
        vm.prank(operator);
        vm.expectRevert(IPausable.CurrentlyPaused.selector);
        allocationManager.modifyAllocations(operator, _allocateParams(_set(), strategyLow, 1));
        vm.expectRevert(IPausable.CurrentlyPaused.selector);
        allocationManager.clearDeallocationQueue(operator, new IStrategy[](0), new uint16[](0));
    }

    function test_pauserRegistry() public {
        address[] memory none = new address[](0);
        vm.expectRevert(IPauserRegistry.InputAddressZero.selector);
        new PauserRegistry(none, address(0));
        vm.prank(stranger);
        vm.expectRevert(IPauserRegistry.OnlyUnpauser.selector);
        pauserRegistry.setIsPauser(stranger, true);
        pauserRegistry.setIsPauser(stranger, true);
        assertTrue(pauserRegistry.isPauser(stranger));
        vm.prank(stranger);
        allocationManager.pause(4);
        assertTrue(allocationManager.paused(2));
    }

    function test_initializeOnceByTheDeployer() public {
        vm.expectRevert(DeployerInitializable.InvalidInitialization.selector);
        allocationManager.initialize(0);
        vm.prank(stranger);
        vm.expectRevert(DeployerInitializable.InvalidInitialization.selector);
        delegation.initialize(0);
    }

    function test_viewsAndConstants() public view {
        assertEq(delegation.minWithdrawalDelayBlocks(), MIN_WITHDRAWAL_DELAY);
        assertEq(address(delegation.allocationManager()), address(allocationManager));
        assertEq(address(delegation.strategyManager()), address(strategyManager));
        assertEq(delegation.version(), "v1.12.0");
        assertEq(address(strategyManager.allocationManager()), address(allocationManager));
        assertEq(address(strategyManager.delegation()), address(delegation));
        assertEq(strategyManager.DEFAULT_BURN_ADDRESS(), BURN);
        assertEq(strategyManager.owner(), address(this));
        assertEq(delegation.depositScalingFactor(staker, IStrategy(address(strategyLow))), WAD);
    }

    function test_gas_registerAsOperator() public {
        vm.prank(operator);
        uint256 g = gasleft();
        delegation.registerAsOperator(address(0), ALLOCATION_DELAY, "https://op.example");
        emit log_named_uint("gas DelegationManager.registerAsOperator", g - gasleft());
    }

    function test_gas_depositIntoStrategy() public {
        ERC20Mock token = tokenA;
        token.mint(staker, 1e18);
        vm.startPrank(staker);
        token.approve(address(strategyManager), 1e18);
        uint256 g = gasleft();
        strategyManager.depositIntoStrategy(IStrategy(address(strategyLow)), token, 1e18);
        emit log_named_uint("gas StrategyManager.depositIntoStrategy (first)", g - gasleft());
        vm.stopPrank();
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {ElTestBase} from "./ElTestBase.sol";
import {IStrategy} from "../../src/eigenlayer/interfaces/IStrategy.sol";
import {IERC20} from "../../src/eigenlayer/interfaces/IERC20.sol";
import {IDelegationManager} from "../../src/eigenlayer/interfaces/IDelegationManager.sol";
import {IStrategyManager} from "../../src/eigenlayer/interfaces/IStrategyManager.sol";
import {IAVSDirectory} from "../../src/eigenlayer/interfaces/IAVSDirectory.sol";
import {ISignatureUtils} from "../../src/eigenlayer/interfaces/ISignatureUtils.sol";
import {StrategyBase} from "../../src/eigenlayer/core/StrategyBase.sol";

/// @notice DelegationManager, StrategyManager, StrategyBase and AVSDirectory behaviour.
contract CoreTest is ElTestBase {
    event OperatorRegistered(address indexed operator, IDelegationManager.OperatorDetails details);
    event StakerDelegated(address indexed staker, address indexed operator);
    event OperatorSharesIncreased(
        address indexed operator, address staker, IStrategy strategy, uint256 shares
    );
    event Deposit(address staker, IERC20 token, IStrategy strategy, uint256 shares);
    event OperatorAVSRegistrationStatusUpdated(
        address indexed operator,
        address indexed avs,
        IAVSDirectory.OperatorAVSRegistrationStatus status
    );

    // ------------------------------------------------------------------ DelegationManager

    function test_registerAsOperator_selfDelegatesAndEmits() public {
        address op = operators[0];
        IDelegationManager.OperatorDetails memory d = IDelegationManager.OperatorDetails(op, op, 7);
        vm.expectEmit(true, true, false, true, address(delegation));
        emit StakerDelegated(op, op);
        vm.expectEmit(true, false, false, true, address(delegation));
        emit OperatorRegistered(op, d);
        vm.prank(op);
        delegation.registerAsOperator(d, "https://example.invalid/op.json");

        assertTrue(delegation.isOperator(op));
        assertEq(delegation.delegatedTo(op), op);
        assertEq(delegation.delegationApprover(op), op);
        assertEq(delegation.stakerOptOutWindowBlocks(op), 7);
        assertFalse(delegation.isOperator(operators[1]));
        assertFalse(delegation.isOperator(address(0)));
    }

    function test_registerAsOperator_twiceReverts() public {
        _registerInCore(0, 0);
        vm.prank(operators[0]);
        vm.expectRevert(
            bytes("DelegationManager.registerAsOperator: caller is already actively delegated")
        );
        delegation.registerAsOperator(
            IDelegationManager.OperatorDetails(operators[0], operators[0], 0), ""
        );
    }

    function test_registerAsOperator_rejectsTooLongOptOutWindow() public {
        vm.prank(operators[0]);
        vm.expectRevert(
            bytes(
                "DelegationManager._setOperatorDetails: stakerOptOutWindowBlocks cannot be > MAX_STAKER_OPT_OUT_WINDOW_BLOCKS"
            )
        );
        delegation.registerAsOperator(
            IDelegationManager.OperatorDetails(operators[0], address(0), 1_296_001), ""
        );
    }

    function test_modifyOperatorDetails_cannotDecreaseWindow() public {
        address op = operators[0];
        vm.prank(op);
        delegation.registerAsOperator(IDelegationManager.OperatorDetails(op, op, 10), "");
        vm.prank(op);
        vm.expectRevert(
            bytes(
                "DelegationManager._setOperatorDetails: stakerOptOutWindowBlocks cannot be decreased"
            )
        );
        delegation.modifyOperatorDetails(IDelegationManager.OperatorDetails(op, op, 9));
        vm.prank(operators[1]);
        vm.expectRevert(
            bytes("DelegationManager.modifyOperatorDetails: caller must be an operator")
        );
        delegation.modifyOperatorDetails(IDelegationManager.OperatorDetails(op, op, 11));
    }

    function test_discoveryGetters() public view {
        assertEq(delegation.strategyManager(), address(strategyManager));
        assertEq(delegation.slasher(), address(slasher));
        assertEq(delegation.eigenPodManager(), address(eigenPodManager));
        assertEq(delegation.minWithdrawalDelayBlocks(), 1);
        assertEq(
            address(delegation.beaconChainETHStrategy()), 0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0
        );
        assertEq(address(strategyManager.delegation()), address(delegation));
        assertEq(address(strategy.underlyingToken()), address(token));
        assertEq(strategyManager.strategyWhitelister(), address(this));
    }

    // ------------------------------------------------------------------ deposits

    function test_deposit_firstDepositIsOneToOneAndCreditsOperator() public {
        _registerInCore(0, 0);
        address op = operators[0];
        token.mint(op, 1000);
        vm.startPrank(op);
        token.approve(address(strategyManager), 1000);
        vm.expectEmit(false, false, false, true, address(strategyManager));
        emit Deposit(op, IERC20(address(token)), IStrategy(address(strategy)), 1000);
        vm.expectEmit(true, false, false, true, address(delegation));
        emit OperatorSharesIncreased(op, op, IStrategy(address(strategy)), 1000);
        uint256 shares = strategyManager.depositIntoStrategy(
            IStrategy(address(strategy)), IERC20(address(token)), 1000
        );
        vm.stopPrank();

        assertEq(shares, 1000);
        assertEq(strategy.totalShares(), 1000);
        assertEq(strategy.shares(op), 1000);
        assertEq(strategyManager.stakerStrategyShares(op, IStrategy(address(strategy))), 1000);
        assertEq(delegation.operatorShares(op, IStrategy(address(strategy))), 1000);
        IStrategy[] memory list = new IStrategy[](1);
        list[0] = IStrategy(address(strategy));
        assertEq(delegation.getOperatorShares(op, list)[0], 1000);
        (IStrategy[] memory strategies, uint256[] memory amounts) = strategyManager.getDeposits(op);
        assertEq(strategies.length, 1);
        assertEq(address(strategies[0]), address(strategy));
        assertEq(amounts[0], 1000);
        assertEq(token.balanceOf(address(strategy)), 1000);
    }

    function test_deposit_beforeRegistrationMovesIntoOperatorSharesOnRegister() public {
        _deposit(operators[1], 500 ether);
        assertEq(delegation.operatorShares(operators[1], IStrategy(address(strategy))), 0);
        _registerInCore(1, 0);
        assertEq(delegation.operatorShares(operators[1], IStrategy(address(strategy))), 500 ether);
    }

    /// @dev Virtual offsets: after a donation the exchange rate changes and the formula
    /// amount·(totalShares+1e3)/(balanceBefore+1e3) applies.
    function test_deposit_virtualOffsetShareMaths() public {
        _deposit(operators[0], 1000);
        token.mint(address(strategy), 1000); // donation: balance 2000, totalShares 1000
        uint256 shares = _deposit(operators[1], 1000);
        assertEq(shares, uint256(1000) * (1000 + 1e3) / (2000 + 1e3));
        assertEq(strategy.totalShares(), 1000 + shares);
        assertEq(strategy.sharesToUnderlyingView(1000), (3000 + 1e3) * 1000 / (1000 + shares + 1e3));
        assertEq(strategy.underlyingToSharesView(1000), 1000 * (1000 + shares + 1e3) / (3000 + 1e3));
    }

    function test_deposit_rejectsNonWhitelistedStrategy() public {
        StrategyBase other =
            new StrategyBase(IStrategyManager(address(strategyManager)), IERC20(address(token)));
        token.mint(operators[0], 10);
        vm.startPrank(operators[0]);
        token.approve(address(strategyManager), 10);
        vm.expectRevert(
            bytes("StrategyManager.onlyStrategiesWhitelistedForDeposit: strategy not whitelisted")
        );
        strategyManager.depositIntoStrategy(IStrategy(address(other)), IERC20(address(token)), 10);
        vm.stopPrank();
    }

    function test_deposit_rejectsZeroShares() public {
        vm.prank(operators[0]);
        vm.expectRevert(bytes("StrategyBase.deposit: newShares cannot be zero"));
        strategyManager.depositIntoStrategy(IStrategy(address(strategy)), IERC20(address(token)), 0);
    }

    function test_deposit_requiresAllowance() public {
        token.mint(operators[0], 10);
        vm.prank(operators[0]);
        vm.expectRevert(bytes("SafeERC20: ERC20 operation did not succeed"));
        strategyManager.depositIntoStrategy(
            IStrategy(address(strategy)), IERC20(address(token)), 10
        );
    }

    function test_strategyDeposit_onlyStrategyManager() public {
        vm.expectRevert(bytes("StrategyBase.onlyStrategyManager"));
        strategy.deposit(IERC20(address(token)), 1);
    }

    function test_whitelist_onlyWhitelister() public {
        IStrategy[] memory list = new IStrategy[](1);
        list[0] = IStrategy(address(strategy));
        vm.prank(operators[0]);
        vm.expectRevert(
            bytes("StrategyManager.onlyStrategyWhitelister: not the strategyWhitelister")
        );
        strategyManager.addStrategiesToDepositWhitelist(list, new bool[](1));
        strategyManager.removeStrategiesFromDepositWhitelist(list);
        assertFalse(strategyManager.strategyIsWhitelistedForDeposit(IStrategy(address(strategy))));
    }

    // ------------------------------------------------------------------ AVSDirectory

    function test_avsDirectory_digestMatchesReferenceFormula() public view {
        bytes32 salt = keccak256("s");
        uint256 expiry = 12345;
        address avs = address(serviceManager);
        bytes32 domain = keccak256(
            abi.encode(
                bytes32(0x8cad95687ba82c2ce50e74f7b754645e5117c3a5bec8151c0726d5857980a866),
                bytes32(0x71b625cfad44bac63b13dba07f2e1d6084ee04b6f8752101ece6126d584ee6ea),
                block.chainid,
                address(avsDirectory)
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(
                bytes32(0xda2c89bafdd34776a2b8bb9c83c82f419e20cc8c67207f70edd58249b92661bd),
                operators[0],
                avs,
                salt,
                expiry
            )
        );
        assertEq(avsDirectory.domainSeparator(), domain);
        assertEq(
            avsDirectory.calculateOperatorAVSRegistrationDigestHash(
                operators[0], avs, salt, expiry
            ),
            keccak256(abi.encodePacked(hex"1901", domain, structHash))
        );
        assertEq(
            avsDirectory.OPERATOR_AVS_REGISTRATION_TYPEHASH(),
            0xda2c89bafdd34776a2b8bb9c83c82f419e20cc8c67207f70edd58249b92661bd
        );
    }

    function _directSignature(uint256 i, address avs, bytes32 salt, uint256 expiry)
        internal
        view
        returns (ISignatureUtils.SignatureWithSaltAndExpiry memory sig)
    {
        bytes32 digest = avsDirectory.calculateOperatorAVSRegistrationDigestHash(
            operators[i], avs, salt, expiry
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ecdsaKeys[i], digest);
        sig = ISignatureUtils.SignatureWithSaltAndExpiry(abi.encodePacked(r, s, v), salt, expiry);
    }

    function test_avsDirectory_registerAndDeregister() public {
        _registerInCore(0, 0);
        address avs = address(0xA5);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig =
            _directSignature(0, avs, bytes32(uint256(1)), block.timestamp + 10);
        vm.expectEmit(true, true, false, true, address(avsDirectory));
        emit OperatorAVSRegistrationStatusUpdated(
            operators[0], avs, IAVSDirectory.OperatorAVSRegistrationStatus.REGISTERED
        );
        vm.prank(avs);
        avsDirectory.registerOperatorToAVS(operators[0], sig);
        assertEq(uint256(avsDirectory.avsOperatorStatus(avs, operators[0])), 1);
        assertTrue(avsDirectory.operatorSaltIsSpent(operators[0], bytes32(uint256(1))));

        vm.prank(avs);
        vm.expectRevert(bytes("AVSDirectory.registerOperatorToAVS: operator already registered"));
        avsDirectory.registerOperatorToAVS(operators[0], sig);

        vm.prank(avs);
        avsDirectory.deregisterOperatorFromAVS(operators[0]);
        assertEq(uint256(avsDirectory.avsOperatorStatus(avs, operators[0])), 0);
        vm.prank(avs);
        vm.expectRevert(bytes("AVSDirectory.deregisterOperatorFromAVS: operator not registered"));
        avsDirectory.deregisterOperatorFromAVS(operators[0]);

        // Same salt again after deregistration: spent.
        vm.prank(avs);
        vm.expectRevert(bytes("AVSDirectory.registerOperatorToAVS: salt already spent"));
        avsDirectory.registerOperatorToAVS(operators[0], sig);
    }

    function test_avsDirectory_rejections() public {
        address avs = address(0xA5);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig =
            _directSignature(0, avs, bytes32(uint256(2)), block.timestamp + 10);
        vm.prank(avs);
        vm.expectRevert(
            bytes("AVSDirectory.registerOperatorToAVS: operator not registered to EigenLayer yet")
        );
        avsDirectory.registerOperatorToAVS(operators[0], sig);

        _registerInCore(0, 0);
        ISignatureUtils.SignatureWithSaltAndExpiry memory expired =
            _directSignature(0, avs, bytes32(uint256(3)), block.timestamp - 1);
        vm.prank(avs);
        vm.expectRevert(bytes("AVSDirectory.registerOperatorToAVS: operator signature expired"));
        avsDirectory.registerOperatorToAVS(operators[0], expired);

        // Signed for another AVS: the digest differs, so the recovered signer is wrong.
        ISignatureUtils.SignatureWithSaltAndExpiry memory otherAvs =
            _directSignature(0, address(0xB0B), bytes32(uint256(4)), block.timestamp + 10);
        vm.prank(avs);
        vm.expectRevert(
            bytes("EIP1271SignatureUtils.checkSignature_EIP1271: signature not from signer")
        );
        avsDirectory.registerOperatorToAVS(operators[0], otherAvs);

        // Signed by another key.
        ISignatureUtils.SignatureWithSaltAndExpiry memory wrongKey =
            _directSignature(1, avs, bytes32(uint256(5)), block.timestamp + 10);
        vm.prank(avs);
        vm.expectRevert(
            bytes("EIP1271SignatureUtils.checkSignature_EIP1271: signature not from signer")
        );
        avsDirectory.registerOperatorToAVS(operators[0], wrongKey);

        // Cancelled salt.
        ISignatureUtils.SignatureWithSaltAndExpiry memory good =
            _directSignature(0, avs, bytes32(uint256(6)), block.timestamp + 10);
        vm.prank(operators[0]);
        avsDirectory.cancelSalt(bytes32(uint256(6)));
        vm.prank(avs);
        vm.expectRevert(bytes("AVSDirectory.registerOperatorToAVS: salt already spent"));
        avsDirectory.registerOperatorToAVS(operators[0], good);
    }

    function test_avsDirectory_rejectsHighS() public {
        _registerInCore(0, 0);
        address avs = address(0xA5);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig =
            _directSignature(0, avs, bytes32(uint256(7)), block.timestamp + 10);
        bytes memory raw = sig.signature;
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(raw, 0x20))
            s := mload(add(raw, 0x40))
            v := byte(0, mload(add(raw, 0x60)))
        }
        // (r, n − s, v ^ 1) is the malleable twin of a valid signature.
        uint256 n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
        sig.signature =
            abi.encodePacked(r, bytes32(n - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        vm.prank(avs);
        vm.expectRevert(bytes("ECDSA: invalid signature 's' value"));
        avsDirectory.registerOperatorToAVS(operators[0], sig);
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {ElTestBase} from "./ElTestBase.sol";
import {IStrategy} from "../../src/eigenlayer/interfaces/IStrategy.sol";
import {IERC20} from "../../src/eigenlayer/interfaces/IERC20.sol";
import {IStrategyManager} from "../../src/eigenlayer/interfaces/IStrategyManager.sol";
import {IStakeRegistry} from "../../src/eigenlayer/interfaces/IStakeRegistry.sol";
import {IIndexRegistry} from "../../src/eigenlayer/interfaces/IIndexRegistry.sol";
import {StrategyBase} from "../../src/eigenlayer/core/StrategyBase.sol";
import {ERC20Mock} from "../../src/eigenlayer/core/ERC20Mock.sol";

/// @notice Quorum strategy configuration (owner functions) and multi-strategy weights.
contract StakeRegistryConfigTest is ElTestBase {
    StrategyBase internal strategy2;
    ERC20Mock internal token2;

    function setUp() public override {
        super.setUp();
        token2 = new ERC20Mock();
        strategy2 =
            new StrategyBase(IStrategyManager(address(strategyManager)), IERC20(address(token2)));
        IStrategy[] memory list = new IStrategy[](1);
        list[0] = IStrategy(address(strategy2));
        strategyManager.addStrategiesToDepositWhitelist(list, new bool[](1));
    }

    function _params(IStrategy s, uint96 m)
        internal
        pure
        returns (IStakeRegistry.StrategyParams[] memory p)
    {
        p = new IStakeRegistry.StrategyParams[](1);
        p[0] = IStakeRegistry.StrategyParams(s, m);
    }

    function test_addModifyRemoveStrategies() public {
        _registerInCore(0, 1000);
        token2.mint(operators[0], 300);
        vm.startPrank(operators[0]);
        token2.approve(address(strategyManager), 300);
        strategyManager.depositIntoStrategy(
            IStrategy(address(strategy2)), IERC20(address(token2)), 300
        );
        vm.stopPrank();

        vm.expectRevert(bytes("StakeRegistry._addStrategyParams: cannot add same strategy 2x"));
        stakeRegistry.addStrategies(0, _params(IStrategy(address(strategy)), 1e18));
        vm.expectRevert(
            bytes("StakeRegistry._addStrategyParams: cannot add strategy with zero weight")
        );
        stakeRegistry.addStrategies(0, _params(IStrategy(address(strategy2)), 0));
        vm.prank(operators[0]);
        vm.expectRevert(
            bytes(
                "StakeRegistry.onlyCoordinatorOwner: caller is not the owner of the registryCoordinator"
            )
        );
        stakeRegistry.addStrategies(0, _params(IStrategy(address(strategy2)), 2e18));

        stakeRegistry.addStrategies(0, _params(IStrategy(address(strategy2)), 2e18));
        assertEq(stakeRegistry.strategyParamsLength(0), 2);
        // 1000·1 + 300·2
        assertEq(stakeRegistry.weightOfOperatorForQuorum(0, operators[0]), 1600);

        uint256[] memory idx = new uint256[](1);
        idx[0] = 1;
        uint96[] memory mult = new uint96[](1);
        mult[0] = 0.5e18;
        stakeRegistry.modifyStrategyParams(0, idx, mult);
        assertEq(stakeRegistry.weightOfOperatorForQuorum(0, operators[0]), 1150);

        idx[0] = 0;
        stakeRegistry.removeStrategies(0, idx);
        assertEq(stakeRegistry.strategyParamsLength(0), 1);
        assertEq(address(stakeRegistry.strategyParamsByIndex(0, 0).strategy), address(strategy2));
        assertEq(address(stakeRegistry.strategiesPerQuorum(0, 0)), address(strategy2));
        assertEq(stakeRegistry.weightOfOperatorForQuorum(0, operators[0]), 150);
        (IStrategy s, uint96 m) = stakeRegistry.strategyParams(0, 0);
        assertEq(address(s), address(strategy2));
        assertEq(m, 0.5e18);
    }

    function test_weightTruncatesEachTerm() public {
        stakeRegistry.addStrategies(0, _params(IStrategy(address(strategy2)), 0.3e18));
        _registerInCore(0, 0);
        // shares 3 at multiplier 0.3 → 0.9 → 0 per term.
        token2.mint(operators[0], 3);
        vm.startPrank(operators[0]);
        token2.approve(address(strategyManager), 3);
        strategyManager.depositIntoStrategy(
            IStrategy(address(strategy2)), IERC20(address(token2)), 3
        );
        vm.stopPrank();
        assertEq(stakeRegistry.weightOfOperatorForQuorum(0, operators[0]), 0);
        vm.expectRevert(bytes("StakeRegistry.quorumExists: quorum does not exist"));
        stakeRegistry.weightOfOperatorForQuorum(1, operators[0]);
    }

    function test_indexRegistryRawHistory() public {
        _registerInCore(0, 1);
        _registerInCore(1, 1);
        _registerInAvs(0, QUORUM_0);
        vm.roll(block.number + 1);
        _registerInAvs(1, QUORUM_0);
        IIndexRegistry.QuorumUpdate memory q = indexRegistry.getLatestQuorumUpdate(0);
        assertEq(q.numOperators, 2);
        assertEq(q.fromBlockNumber, block.number);
        IIndexRegistry.OperatorUpdate memory o = indexRegistry.getLatestOperatorUpdate(0, 1);
        assertEq(o.operatorId, _operatorId(1));
        assertEq(indexRegistry.getOperatorUpdateAtIndex(0, 0, 0).operatorId, _operatorId(0));
        // Quorum creation and the first registration share a block: one overwritten record.
        assertEq(indexRegistry.getQuorumUpdateAtIndex(0, 0).numOperators, 1);
        assertEq(indexRegistry.getQuorumUpdateAtIndex(0, 1).numOperators, 2);
        bytes32[] memory list =
            indexRegistry.getOperatorListAtBlockNumber(0, uint32(block.number - 1));
        assertEq(list.length, 1);
        assertEq(list[0], _operatorId(0));
    }
}

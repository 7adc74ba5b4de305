// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {SlashingMiddlewareBase} from "./SlashingMiddlewareBase.sol";
import {BlsFixtures} from "../../avs/fixtures/BlsFixtures.sol";
import {BN254} from "../../../src/eigenlayer/libraries/BN254.sol";
import {IBLSSignatureChecker} from "../../../src/eigenlayer/interfaces/IBLSSignatureChecker.sol";
import {
    IRegistryCoordinator as IRegistryCoordinatorM2
} from "../../../src/eigenlayer/interfaces/IRegistryCoordinator.sol";
import {BLSSignatureChecker} from "../../../src/eigenlayer/middleware/BLSSignatureChecker.sol";
import {
    OperatorStateRetriever
} from "../../../src/eigenlayer/middleware/OperatorStateRetriever.sol";

/// @notice The M2 BLSSignatureChecker and OperatorStateRetriever, unchanged, over the
/// SlashingRegistryCoordinator: the stake they see is the slashable stake of quorum 0, and a
/// real aggregate signature verifies with one non-signer subtracted.
contract CheckerOverSlashingCoordinatorTest is SlashingMiddlewareBase {
    BLSSignatureChecker internal checker;
    OperatorStateRetriever internal retriever;

    function setUp() public override {
        super.setUp();
        checker = new BLSSignatureChecker(IRegistryCoordinatorM2(address(coordinator)));
        retriever = new OperatorStateRetriever();
        // Operators 0..2: 100/200/300 ether, half of it allocated to quorum 0.
        for (uint256 i = 0; i < 3; i++) {
            _onboard(i, (i + 1) * 100 ether, WAD / 2, _ids(0));
        }
        vm.roll(block.number + 1);
    }

    function test_operatorStateIsTheSlashableStake() public view {
        bytes memory quorums = hex"00";
        OperatorStateRetriever.Operator[][] memory state = retriever.getOperatorState(
            IRegistryCoordinatorM2(address(coordinator)), quorums, uint32(block.number - 1)
        );
        assertEq(state.length, 1);
        assertEq(state[0].length, 3);
        uint256 total;
        for (uint256 i = 0; i < 3; i++) {
            total += state[0][i].stake;
        }
        assertEq(total, 300 ether);
        assertEq(address(checker.stakeRegistry()), address(stakeRegistry));
        assertEq(address(checker.delegation()), address(delegation));
    }

    function test_checkSignatures_withOneNonSigner() public view {
        uint32 ref = uint32(block.number - 1);
        // Operators 0 and 2 sign keccak256(abi.encode(uint32 0, uint256 9)); operator 1 does not.
        bytes32 msgHash = keccak256(abi.encode(uint32(0), uint256(9)));
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p;
        uint256[2] memory s0 = BlsFixtures.signature(0, 0, 9);
        uint256[2] memory s2 = BlsFixtures.signature(2, 0, 9);
        p.sigma = BN254.plus(BN254.G1Point(s0[0], s0[1]), BN254.G1Point(s2[0], s2[1]));
        uint256[4] memory apk2 = BlsFixtures.apkG2(0x5);
        p.apkG2 = BN254.G2Point([apk2[0], apk2[1]], [apk2[2], apk2[3]]);
        uint256[2] memory pk1 = BlsFixtures.pubkeyG1(1);
        p.nonSignerPubkeys = new BN254.G1Point[](1);
        p.nonSignerPubkeys[0] = BN254.G1Point(pk1[0], pk1[1]);
        p.quorumApks = new BN254.G1Point[](1);
        p.quorumApks[0] = blsApkRegistry.getApk(0);
        bytes32[] memory nonSignerIds = new bytes32[](1);
        nonSignerIds[0] = _operatorId(1);
        OperatorStateRetriever.CheckSignaturesIndices memory idx =
            retriever.getCheckSignaturesIndices(
                IRegistryCoordinatorM2(address(coordinator)), ref, hex"00", nonSignerIds
            );
        p.nonSignerQuorumBitmapIndices = idx.nonSignerQuorumBitmapIndices;
        p.quorumApkIndices = idx.quorumApkIndices;
        p.totalStakeIndices = idx.totalStakeIndices;
        p.nonSignerStakeIndices = idx.nonSignerStakeIndices;

        (IBLSSignatureChecker.QuorumStakeTotals memory totals, bytes32 signatory) =
            checker.checkSignatures(msgHash, hex"00", ref, p);
        assertEq(totals.totalStakeForQuorum[0], 300 ether);
        assertEq(totals.signedStakeForQuorum[0], 200 ether);
        assertEq(signatory, keccak256(abi.encodePacked(ref, nonSignerIds)));
    }
}

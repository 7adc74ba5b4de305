// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {ElTestBase} from "./ElTestBase.sol";
import {ElFixtures} from "./fixtures/ElFixtures.sol";
import {BN254} from "../../src/eigenlayer/libraries/BN254.sol";
import {IStrategy} from "../../src/eigenlayer/interfaces/IStrategy.sol";
import {IRegistryCoordinator} from "../../src/eigenlayer/interfaces/IRegistryCoordinator.sol";
import {IStakeRegistry} from "../../src/eigenlayer/interfaces/IStakeRegistry.sol";
import {IBLSSignatureChecker} from "../../src/eigenlayer/interfaces/IBLSSignatureChecker.sol";
import {OperatorStateRetriever} from "../../src/eigenlayer/middleware/OperatorStateRetriever.sol";

/// @notice checkSignatures, OperatorStateRetriever and stake/APK histories, with real BLS
/// signatures (σ_i = sk_i·H(m) on chain, aggregate G2 keys from the noble-curves fixtures).
contract SignatureCheckerTest is ElTestBase {
    using BN254 for BN254.G1Point;

    bytes32 internal constant MSG = keccak256("incredible squaring task response");
    uint32 internal registeredAt;

    function setUp() public override {
        super.setUp();
        for (uint256 i = 0; i < 4; i++) {
            _registerInCore(i, (i + 1) * 100);
            _registerInAvs(i, QUORUM_0);
        }
        registeredAt = uint32(block.number);
        vm.roll(block.number + 1);
    }

    // ------------------------------------------------------------------ helpers

    function _sign(uint256 mask, bytes32 message) internal view returns (BN254.G1Point memory s) {
        BN254.G1Point memory h = BN254.hashToG1(message);
        for (uint256 i = 0; i < 4; i++) {
            if (mask & (1 << i) != 0) s = s.plus(h.scalar_mul(ElFixtures.secretKey(i)));
        }
    }

    function _sumG1(uint256 mask) internal view returns (BN254.G1Point memory s) {
        for (uint256 i = 0; i < 4; i++) {
            if (mask & (1 << i) != 0) s = s.plus(ElFixtures.pubkeyG1(i));
        }
    }

    /// @dev Builds the aggregator's input for quorum 0 the way an off-chain client would.
    function _params(uint256 signerMask, uint256 quorumMask, uint32 ref, bytes32 message)
        internal
        view
        returns (IBLSSignatureChecker.NonSignerStakesAndSignature memory p)
    {
        uint256 count;
        for (uint256 i = 0; i < 4; i++) {
            if (quorumMask & (1 << i) != 0 && signerMask & (1 << i) == 0) count++;
        }
        uint256[] memory nonSigners = new uint256[](count);
        count = 0;
        for (uint256 i = 0; i < 4; i++) {
            if (quorumMask & (1 << i) != 0 && signerMask & (1 << i) == 0) nonSigners[count++] = i;
        }
        nonSigners = _sortedByOperatorId(nonSigners);
        bytes32[] memory ids = new bytes32[](count);
        p.nonSignerPubkeys = new BN254.G1Point[](count);
        for (uint256 j = 0; j < count; j++) {
            ids[j] = _operatorId(nonSigners[j]);
            p.nonSignerPubkeys[j] = ElFixtures.pubkeyG1(nonSigners[j]);
        }
        OperatorStateRetriever.CheckSignaturesIndices memory idx =
            operatorStateRetriever.getCheckSignaturesIndices(
                IRegistryCoordinator(address(registryCoordinator)), ref, QUORUM_0, ids
            );
        p.nonSignerQuorumBitmapIndices = idx.nonSignerQuorumBitmapIndices;
        p.quorumApkIndices = idx.quorumApkIndices;
        p.totalStakeIndices = idx.totalStakeIndices;
        p.nonSignerStakeIndices = idx.nonSignerStakeIndices;
        p.quorumApks = new BN254.G1Point[](1);
        p.quorumApks[0] = _sumG1(quorumMask);
        p.apkG2 = ElFixtures.aggregateG2(signerMask);
        p.sigma = _sign(signerMask, message);
    }

    function _check(uint32 ref, IBLSSignatureChecker.NonSignerStakesAndSignature memory p)
        internal
        view
        returns (IBLSSignatureChecker.QuorumStakeTotals memory totals, bytes32 record)
    {
        return checker.checkSignatures(MSG, QUORUM_0, ref, p);
    }

    // ------------------------------------------------------------------ checkSignatures

    function test_allSigners() public view {
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _params(0xF, 0xF, registeredAt, MSG);
        (IBLSSignatureChecker.QuorumStakeTotals memory t, bytes32 record) = _check(registeredAt, p);
        assertEq(t.totalStakeForQuorum[0], 1000);
        assertEq(t.signedStakeForQuorum[0], 1000);
        assertEq(record, keccak256(abi.encodePacked(registeredAt)));
    }

    function test_withNonSigners() public view {
        // Operators 0 and 2 sign; 1 and 3 (stakes 200 and 400) do not.
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _params(0x5, 0xF, registeredAt, MSG);
        (IBLSSignatureChecker.QuorumStakeTotals memory t, bytes32 record) = _check(registeredAt, p);
        assertEq(t.totalStakeForQuorum[0], 1000);
        assertEq(t.signedStakeForQuorum[0], 400);
        bytes32 a = BN254.hashG1Point(p.nonSignerPubkeys[0]);
        bytes32 b = BN254.hashG1Point(p.nonSignerPubkeys[1]);
        assertTrue(uint256(a) < uint256(b));
        assertEq(record, keccak256(abi.encodePacked(registeredAt, a, b)));
    }

    function test_singleSigner() public view {
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _params(0x8, 0xF, registeredAt, MSG);
        (IBLSSignatureChecker.QuorumStakeTotals memory t,) = _check(registeredAt, p);
        assertEq(t.signedStakeForQuorum[0], 400);
    }

    function test_badSignature() public {
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _params(0x5, 0xF, registeredAt, keccak256("another message"));
        vm.expectRevert(bytes("BLSSignatureChecker.checkSignatures: signature is invalid"));
        checker.checkSignatures(MSG, QUORUM_0, registeredAt, p);
    }

    function test_signatureOfNonSignerDoesNotCount() public {
        // Claim operators 0 and 2 signed but include operator 1's signature instead of 2's.
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _params(0x5, 0xF, registeredAt, MSG);
        p.sigma = _sign(0x3, MSG);
        vm.expectRevert(bytes("BLSSignatureChecker.checkSignatures: signature is invalid"));
        checker.checkSignatures(MSG, QUORUM_0, registeredAt, p);
    }

    function test_unsortedNonSigners() public {
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _params(0x5, 0xF, registeredAt, MSG);
        (p.nonSignerPubkeys[0], p.nonSignerPubkeys[1]) =
        (p.nonSignerPubkeys[1], p.nonSignerPubkeys[0]);
        vm.expectRevert(bytes("BLSSignatureChecker.checkSignatures: nonSignerPubkeys not sorted"));
        checker.checkSignatures(MSG, QUORUM_0, registeredAt, p);
    }

    function test_duplicateNonSigner() public {
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _params(0x5, 0xF, registeredAt, MSG);
        p.nonSignerPubkeys[1] = p.nonSignerPubkeys[0];
        vm.expectRevert(bytes("BLSSignatureChecker.checkSignatures: nonSignerPubkeys not sorted"));
        checker.checkSignatures(MSG, QUORUM_0, registeredAt, p);
    }

    function test_staleApkIndex() public {
        // A fifth registration... use a deregistration to add an APK record after registeredAt.
        vm.prank(operators[3]);
        registryCoordinator.deregisterOperator(QUORUM_0);
        uint32 later = uint32(block.number);
        vm.roll(block.number + 1);

        // Reference block after the change, but the APK index still points at the old record.
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p = _params(0x7, 0x7, later, MSG);
        uint32 fresh = p.quorumApkIndices[0];
        p.quorumApkIndices[0] = fresh - 1;
        vm.expectRevert(
            bytes("BLSApkRegistry._validateApkHashAtBlockNumber: not latest apk update")
        );
        checker.checkSignatures(MSG, QUORUM_0, later, p);

        // The fresh index at the old reference block is "too recent".
        IBLSSignatureChecker.NonSignerStakesAndSignature memory q =
            _params(0xF, 0xF, registeredAt, MSG);
        q.quorumApkIndices[0] = fresh;
        vm.expectRevert(bytes("BLSApkRegistry._validateApkHashAtBlockNumber: index too recent"));
        checker.checkSignatures(MSG, QUORUM_0, registeredAt, q);

        // With the right index the smaller set verifies.
        p.quorumApkIndices[0] = fresh;
        (IBLSSignatureChecker.QuorumStakeTotals memory t,) =
            checker.checkSignatures(MSG, QUORUM_0, later, p);
        assertEq(t.totalStakeForQuorum[0], 600);
        assertEq(t.signedStakeForQuorum[0], 600);
    }

    function test_wrongQuorumApk() public {
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _params(0xF, 0xF, registeredAt, MSG);
        p.quorumApks[0] = _sumG1(0x7);
        vm.expectRevert(
            bytes(
                "BLSSignatureChecker.checkSignatures: quorumApk hash in storage does not match provided quorum apk"
            )
        );
        checker.checkSignatures(MSG, QUORUM_0, registeredAt, p);
    }

    function test_referenceBlockMustBeInThePast() public {
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _params(0xF, 0xF, registeredAt, MSG);
        vm.expectRevert(bytes("BLSSignatureChecker.checkSignatures: invalid reference block"));
        checker.checkSignatures(MSG, QUORUM_0, uint32(block.number), p);
    }

    function test_shapeChecks() public {
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _params(0x5, 0xF, registeredAt, MSG);
        vm.expectRevert(bytes("BLSSignatureChecker.checkSignatures: empty quorum input"));
        checker.checkSignatures(MSG, "", registeredAt, p);
        p.quorumApkIndices = new uint32[](2);
        vm.expectRevert(bytes("BLSSignatureChecker.checkSignatures: input quorum length mismatch"));
        checker.checkSignatures(MSG, QUORUM_0, registeredAt, p);
        p = _params(0x5, 0xF, registeredAt, MSG);
        p.nonSignerQuorumBitmapIndices = new uint32[](1);
        vm.expectRevert(
            bytes("BLSSignatureChecker.checkSignatures: input nonsigner length mismatch")
        );
        checker.checkSignatures(MSG, QUORUM_0, registeredAt, p);
    }

    function test_trySignatureAndApkVerification() public view {
        BN254.G1Point memory apk = _sumG1(0x6);
        (bool ok, bool valid) = checker.trySignatureAndApkVerification(
            MSG, apk, ElFixtures.aggregateG2(0x6), _sign(0x6, MSG)
        );
        assertTrue(ok);
        assertTrue(valid);
        (ok, valid) = checker.trySignatureAndApkVerification(
            MSG, apk, ElFixtures.aggregateG2(0x7), _sign(0x6, MSG)
        );
        assertTrue(ok);
        assertFalse(valid);
    }

    /// @dev A non-signer in two signing quorums is subtracted twice from the summed APKs.
    function test_multiQuorumNonSignerWeighting() public {
        IStakeRegistry.StrategyParams[] memory sp = new IStakeRegistry.StrategyParams[](1);
        sp[0] = IStakeRegistry.StrategyParams(IStrategy(address(strategy)), 1e18);
        registryCoordinator.createQuorum(IRegistryCoordinator.OperatorSetParam(10, 0, 0), 0, sp);
        // Operator 0 joins quorum 1 as well (it is the only member there).
        _registerInAvs(0, hex"01");
        uint32 ref = uint32(block.number);
        vm.roll(block.number + 1);

        bytes32[] memory ids = new bytes32[](1);
        ids[0] = _operatorId(0);
        OperatorStateRetriever.CheckSignaturesIndices memory idx =
            operatorStateRetriever.getCheckSignaturesIndices(
                IRegistryCoordinator(address(registryCoordinator)), ref, hex"0001", ids
            );
        assertEq(idx.nonSignerStakeIndices.length, 2);
        assertEq(idx.nonSignerStakeIndices[0].length, 1);
        assertEq(idx.nonSignerStakeIndices[1].length, 1);

        IBLSSignatureChecker.NonSignerStakesAndSignature memory p;
        p.nonSignerQuorumBitmapIndices = idx.nonSignerQuorumBitmapIndices;
        p.nonSignerPubkeys = new BN254.G1Point[](1);
        p.nonSignerPubkeys[0] = ElFixtures.pubkeyG1(0);
        p.quorumApks = new BN254.G1Point[](2);
        p.quorumApks[0] = _sumG1(0xF);
        p.quorumApks[1] = _sumG1(0x1);
        p.apkG2 = ElFixtures.aggregateG2(0xE);
        p.sigma = _sign(0xE, MSG);
        p.quorumApkIndices = idx.quorumApkIndices;
        p.totalStakeIndices = idx.totalStakeIndices;
        p.nonSignerStakeIndices = idx.nonSignerStakeIndices;
        (IBLSSignatureChecker.QuorumStakeTotals memory t,) =
            checker.checkSignatures(MSG, hex"0001", ref, p);
        assertEq(t.totalStakeForQuorum[0], 1000);
        assertEq(t.signedStakeForQuorum[0], 900);
        assertEq(t.totalStakeForQuorum[1], 100);
        assertEq(t.signedStakeForQuorum[1], 0);
    }

    // ------------------------------------------------------------------ histories

    function test_stakeHistoryAtPastBlocks() public {
        bytes32 id = _operatorId(1);
        uint32 before = uint32(block.number); // stake 200
        vm.roll(block.number + 5);
        _deposit(operators[1], 50);
        // Deposits alone do not move the point-in-time stake.
        assertEq(stakeRegistry.getCurrentStake(id, 0), 200);
        assertEq(stakeRegistry.weightOfOperatorForQuorum(0, operators[1]), 250);
        address[] memory list = new address[](1);
        list[0] = operators[1];
        registryCoordinator.updateOperators(list);
        uint32 updatedAt = uint32(block.number);
        vm.roll(block.number + 1);

        assertEq(stakeRegistry.getCurrentStake(id, 0), 250);
        assertEq(stakeRegistry.getStakeAtBlockNumber(id, 0, before), 200);
        assertEq(stakeRegistry.getStakeAtBlockNumber(id, 0, updatedAt - 1), 200);
        assertEq(stakeRegistry.getStakeAtBlockNumber(id, 0, updatedAt), 250);
        assertEq(stakeRegistry.getStakeUpdateIndexAtBlockNumber(id, 0, before), 0);
        assertEq(stakeRegistry.getStakeUpdateIndexAtBlockNumber(id, 0, updatedAt), 1);
        assertEq(stakeRegistry.getStakeAtBlockNumberAndIndex(0, before, id, 0), 200);
        vm.expectRevert(
            bytes(
                "StakeRegistry._validateStakeUpdateAtBlockNumber: there is a newer stakeUpdate available before blockNumber"
            )
        );
        stakeRegistry.getStakeAtBlockNumberAndIndex(0, updatedAt, id, 0);
        vm.expectRevert(
            bytes(
                "StakeRegistry._validateStakeUpdateAtBlockNumber: stakeUpdate is from after blockNumber"
            )
        );
        stakeRegistry.getStakeAtBlockNumberAndIndex(0, before, id, 1);
        vm.expectRevert(
            bytes(
                "StakeRegistry._getStakeUpdateIndexForOperatorAtBlockNumber: no stake update found for operatorId and quorumNumber at block number"
            )
        );
        stakeRegistry.getStakeUpdateIndexAtBlockNumber(id, 0, registeredAt - 1);

        // Totals follow: 1000 before, 1050 after; signatures at either reference block verify.
        uint32[] memory idxBefore =
            stakeRegistry.getTotalStakeIndicesAtBlockNumber(before, QUORUM_0);
        uint32[] memory idxAfter =
            stakeRegistry.getTotalStakeIndicesAtBlockNumber(updatedAt, QUORUM_0);
        assertEq(stakeRegistry.getTotalStakeAtBlockNumberFromIndex(0, before, idxBefore[0]), 1000);
        assertEq(stakeRegistry.getTotalStakeAtBlockNumberFromIndex(0, updatedAt, idxAfter[0]), 1050);
        (IBLSSignatureChecker.QuorumStakeTotals memory t,) =
            _check(before, _params(0x5, 0xF, before, MSG));
        assertEq(t.totalStakeForQuorum[0], 1000);
        assertEq(t.signedStakeForQuorum[0], 400);
        (t,) = _check(updatedAt, _params(0x5, 0xF, updatedAt, MSG));
        assertEq(t.totalStakeForQuorum[0], 1050);
        assertEq(t.signedStakeForQuorum[0], 400);
        (t,) = _check(updatedAt, _params(0xA, 0xF, updatedAt, MSG));
        assertEq(t.signedStakeForQuorum[0], 650);

        vm.expectRevert(
            bytes(
                "StakeRegistry.getTotalStakeIndicesAtBlockNumber: quorum has no stake history at blockNumber"
            )
        );
        stakeRegistry.getTotalStakeIndicesAtBlockNumber(1, QUORUM_0);
    }

    function test_operatorStateRetriever_pastAndPresent() public {
        uint32 before = registeredAt;
        vm.prank(operators[0]);
        registryCoordinator.deregisterOperator(QUORUM_0);
        uint32 after_ = uint32(block.number);
        vm.roll(block.number + 1);
        IRegistryCoordinator rc = IRegistryCoordinator(address(registryCoordinator));

        OperatorStateRetriever.Operator[][] memory s =
            operatorStateRetriever.getOperatorState(rc, QUORUM_0, before);
        assertEq(s.length, 1);
        assertEq(s[0].length, 4);
        for (uint256 i = 0; i < 4; i++) {
            assertEq(s[0][i].operator, operators[i]);
            assertEq(s[0][i].operatorId, _operatorId(i));
            assertEq(s[0][i].stake, (i + 1) * 100);
        }
        s = operatorStateRetriever.getOperatorState(rc, QUORUM_0, after_);
        assertEq(s[0].length, 3);
        assertEq(s[0][0].operator, operators[3]); // moved into the freed index 0

        (uint256 bitmap, OperatorStateRetriever.Operator[][] memory s2) =
            operatorStateRetriever.getOperatorState(rc, _operatorId(1), after_);
        assertEq(bitmap, 1);
        assertEq(s2[0].length, 3);

        bytes32[] memory ids = new bytes32[](2);
        ids[0] = _operatorId(0);
        ids[1] = _operatorId(1);
        uint256[] memory bitmaps =
            operatorStateRetriever.getQuorumBitmapsAtBlockNumber(rc, ids, after_);
        assertEq(bitmaps[0], 0);
        assertEq(bitmaps[1], 1);
        bitmaps = operatorStateRetriever.getQuorumBitmapsAtBlockNumber(rc, ids, before);
        assertEq(bitmaps[0], 1);

        address[] memory addrs = new address[](2);
        addrs[0] = operators[0];
        addrs[1] = operators[1];
        bytes32[] memory gotIds = operatorStateRetriever.getBatchOperatorId(rc, addrs);
        assertEq(gotIds[0], ids[0]);
        assertEq(gotIds[1], ids[1]);
        address[] memory gotAddrs = operatorStateRetriever.getBatchOperatorFromId(rc, ids);
        assertEq(gotAddrs[0], operators[0]);
        assertEq(gotAddrs[1], operators[1]);

        // A deregistered operator cannot be listed as a non-signer at a block after it left.
        bytes32[] memory gone = new bytes32[](1);
        gone[0] = _operatorId(0);
        vm.expectRevert(
            bytes(
                "OperatorStateRetriever.getCheckSignaturesIndices: operator must be registered at blocknumber"
            )
        );
        operatorStateRetriever.getCheckSignaturesIndices(rc, after_, QUORUM_0, gone);

        vm.expectRevert(
            bytes(
                "IndexRegistry._operatorCountAtBlockNumber: quorum did not exist at given block number"
            )
        );
        operatorStateRetriever.getOperatorState(rc, QUORUM_0, 1);
    }

    function test_quorumBitmapHistory() public {
        bytes32 id = _operatorId(2);
        uint32 before = registeredAt;
        vm.prank(operators[2]);
        registryCoordinator.deregisterOperator(QUORUM_0);
        uint32 mid = uint32(block.number);
        vm.roll(block.number + 1);
        vm.warp(block.timestamp + 1);
        _registerInAvs(2, QUORUM_0);
        // Same-block overwrite: deregister + register in this block leaves one new record.
        vm.prank(operators[2]);
        registryCoordinator.deregisterOperator(QUORUM_0);
        _registerInAvs(2, QUORUM_0);
        uint32 last = uint32(block.number);
        assertEq(registryCoordinator.getQuorumBitmapHistoryLength(id), 3);
        IRegistryCoordinator.QuorumBitmapUpdate memory u =
            registryCoordinator.getQuorumBitmapUpdateByIndex(id, 1);
        assertEq(u.updateBlockNumber, mid);
        assertEq(u.nextUpdateBlockNumber, last);
        assertEq(uint256(u.quorumBitmap), 0);

        bytes32[] memory ids = new bytes32[](1);
        ids[0] = id;
        assertEq(registryCoordinator.getQuorumBitmapIndicesAtBlockNumber(before, ids)[0], 0);
        assertEq(registryCoordinator.getQuorumBitmapIndicesAtBlockNumber(mid, ids)[0], 1);
        assertEq(registryCoordinator.getQuorumBitmapIndicesAtBlockNumber(last, ids)[0], 2);
        vm.expectRevert(
            bytes(
                "RegCoord.getQuorumBitmapIndexAtBlockNumber: no bitmap update found for operator at blockNumber"
            )
        );
        registryCoordinator.getQuorumBitmapIndicesAtBlockNumber(registeredAt - 1, ids);
        vm.expectRevert(
            bytes(
                "RegCoord.getQuorumBitmapAtBlockNumberByIndex: quorumBitmapUpdate is from after blockNumber"
            )
        );
        registryCoordinator.getQuorumBitmapAtBlockNumberByIndex(id, before, 1);
        vm.expectRevert(
            bytes(
                "RegCoord.getQuorumBitmapAtBlockNumberByIndex: quorumBitmapUpdate is from before blockNumber"
            )
        );
        registryCoordinator.getQuorumBitmapAtBlockNumberByIndex(id, mid, 0);

        // APK index lookups agree with the history.
        uint32[] memory apkIdx = blsApkRegistry.getApkIndicesAtBlockNumber(QUORUM_0, before);
        assertEq(
            blsApkRegistry.getApkHashAtBlockNumberAndIndex(0, before, apkIdx[0]),
            bytes24(BN254.hashG1Point(_sumG1(0xF)))
        );
        apkIdx = blsApkRegistry.getApkIndicesAtBlockNumber(QUORUM_0, mid);
        assertEq(
            blsApkRegistry.getApkHashAtBlockNumberAndIndex(0, mid, apkIdx[0]),
            bytes24(BN254.hashG1Point(_sumG1(0xB)))
        );
        vm.expectRevert(
            bytes(
                "BLSApkRegistry.getApkIndicesAtBlockNumber: blockNumber is before the first update"
            )
        );
        blsApkRegistry.getApkIndicesAtBlockNumber(QUORUM_0, 1);
    }

    // ------------------------------------------------------------------ stake updates

    function test_updateOperatorsForQuorum() public {
        address[] memory sorted = new address[](4);
        for (uint256 i = 0; i < 4; i++) {
            sorted[i] = operators[i];
        }
        for (uint256 a = 0; a < 4; a++) {
            for (uint256 b = a + 1; b < 4; b++) {
                if (sorted[b] < sorted[a]) (sorted[a], sorted[b]) = (sorted[b], sorted[a]);
            }
        }
        address[][] memory perQuorum = new address[][](1);
        perQuorum[0] = new address[](3);
        vm.expectRevert(
            bytes(
                "RegCoord.updateOperatorsForQuorum: number of updated operators does not match quorum total"
            )
        );
        registryCoordinator.updateOperatorsForQuorum(perQuorum, QUORUM_0);

        perQuorum[0] = new address[](4);
        perQuorum[0][0] = sorted[1];
        perQuorum[0][1] = sorted[0];
        perQuorum[0][2] = sorted[2];
        perQuorum[0][3] = sorted[3];
        vm.expectRevert(
            bytes(
                "RegCoord.updateOperatorsForQuorum: operators array must be sorted in ascending address order"
            )
        );
        registryCoordinator.updateOperatorsForQuorum(perQuorum, QUORUM_0);

        perQuorum[0] = sorted;
        _deposit(operators[0], 1);
        registryCoordinator.updateOperatorsForQuorum(perQuorum, QUORUM_0);
        assertEq(registryCoordinator.quorumUpdateBlockNumber(0), block.number);
        assertEq(stakeRegistry.getCurrentTotalStake(0), 1001);
    }

    function test_updateOperators_dropsOperatorsBelowMinimum() public {
        stakeRegistry.setMinimumStakeForQuorum(0, 250);
        address[] memory list = new address[](4);
        for (uint256 i = 0; i < 4; i++) {
            list[i] = operators[i];
        }
        registryCoordinator.updateOperators(list);
        assertEq(uint256(registryCoordinator.getOperatorStatus(operators[0])), 2);
        assertEq(uint256(registryCoordinator.getOperatorStatus(operators[1])), 2);
        assertEq(uint256(registryCoordinator.getOperatorStatus(operators[2])), 1);
        assertEq(indexRegistry.totalOperatorsForQuorum(0), 2);
        assertEq(stakeRegistry.getCurrentTotalStake(0), 700);

        vm.prank(operators[0]);
        vm.expectRevert(
            bytes(
                "StakeRegistry.onlyCoordinatorOwner: caller is not the owner of the registryCoordinator"
            )
        );
        stakeRegistry.setMinimumStakeForQuorum(0, 0);
    }

    function test_staleStakesForbidden() public {
        vm.prank(operators[0]);
        vm.expectRevert(
            bytes(
                "BLSSignatureChecker.onlyCoordinatorOwner: caller is not the owner of the registryCoordinator"
            )
        );
        checker.setStaleStakesForbidden(true);
        checker.setStaleStakesForbidden(true);
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _params(0xF, 0xF, registeredAt, MSG);
        vm.expectRevert(
            bytes(
                "BLSSignatureChecker.checkSignatures: StakeRegistry updates must be within withdrawalDelayBlocks window"
            )
        );
        checker.checkSignatures(MSG, QUORUM_0, registeredAt, p);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {DepartmentDirectory} from "../../../contracts/access/DepartmentDirectory.sol";
import {GovAccessManager} from "../../../contracts/access/GovAccessManager.sol";
import {GovRoles} from "../../../contracts/access/GovRoles.sol";
import {IDepartmentDirectory} from "../../../contracts/access/IDepartmentDirectory.sol";
import {CertificateRegistry} from "../../../contracts/certificates/CertificateRegistry.sol";
import {ICertificateRegistry} from "../../../contracts/certificates/ICertificateRegistry.sol";
import {GovTest, Vm} from "../utils/GovTest.sol";

/// @dev The pieces of the suite the handler and the tests share.
library Certs {
    bytes32 internal constant LICENCE = "BUSINESS_LICENCE"; // MARKET, officer-issued
    bytes32 internal constant TAX_CERT = "TAX_CLEARANCE"; // TAX, officer-issued
    bytes32 internal constant TITLE = "PROPERTY_TITLE"; // REGISTRY, contract-managed

    function leaf(bytes32 certHash) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(certHash))));
    }

    function hashPair(bytes32 x, bytes32 y) internal pure returns (bytes32) {
        return x < y ? keccak256(abi.encode(x, y)) : keccak256(abi.encode(y, x));
    }

    /// @dev Batch `k` holding `certHash` with one sibling: its root and `certHash`'s proof.
    function batch(bytes32 certHash, uint256 k) internal pure returns (bytes32 root, bytes32[] memory proof) {
        bytes32 sibling = keccak256(abi.encode("sibling", k));
        proof = new bytes32[](1);
        proof[0] = leaf(sibling);
        root = hashPair(leaf(certHash), proof[0]);
    }
}

/**
 * @dev Drives the registry with every officer path (issue, batch, signed, renew, revoke, suspend, reinstate and
 * the in-batch variants) by random callers over three types that share hashes, and the managing contract's
 * issueFor/revokeFor, recording violations of the promises in ghosts.
 */
contract CertificateHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 internal constant BATCHES = 2;

    CertificateRegistry public immutable registry;
    address public immutable issuer;
    uint256[5] internal keys;
    bytes32[4] internal hashes;
    bytes32[3] internal types = [Certs.LICENCE, Certs.TAX_CERT, Certs.TITLE];

    /// @dev Ghost: a call by an officer (or anyone but the managing contract) changed a managed certificate.
    bool public officerChangedManaged;
    /// @dev Ghost: a revoked (type, hash) or batch later verified valid.
    bool public revokedBecameValid;
    mapping(bytes32 certType => mapping(bytes32 certHash => bool)) public wasRevoked;
    mapping(bytes32 certType => mapping(bytes32 root => bool)) public rootRevoked;
    uint256 public successfulOfficerCalls;

    constructor(CertificateRegistry registry_, address issuer_, uint256[5] memory keys_, bytes32[4] memory hashes_) {
        registry = registry_;
        issuer = issuer_;
        keys = keys_;
        hashes = hashes_;
    }

    /// @dev One call by a random officer, admin or outsider on any officer path.
    function act(uint256 callerSeed, uint256 typeSeed, uint256 hashSeed, uint256 actionSeed, uint256 extra) external {
        uint256 key = keys[callerSeed % keys.length];
        address caller = vm.addr(key);
        bytes32 certType = types[typeSeed % types.length];
        bytes32 certHash = hashes[hashSeed % hashes.length];
        (bytes32 root, bytes32[] memory proof) = Certs.batch(certHash, extra % BATCHES);
        uint64 now_ = uint64(block.timestamp);
        uint256 action = actionSeed % 11;
        bytes memory call;
        if (action == 0)
            call = abi.encodeCall(CertificateRegistry.issue, (certType, certHash, 0, now_, now_ + 365 days));
        else if (action == 1) {
            call = abi.encodeCall(CertificateRegistry.issueBatch, (certType, root, 2, now_, now_ + 365 days));
        } else if (action == 2) {
            bytes32 next = hashes[(hashSeed + 1 + extra) % hashes.length];
            call = abi.encodeCall(CertificateRegistry.renew, (certType, certHash, next, 0, now_, now_ + 365 days));
        } else if (action == 3) call = abi.encodeCall(CertificateRegistry.revoke, (certType, certHash, 3));
        else if (action == 4) call = abi.encodeCall(CertificateRegistry.suspend, (certType, certHash, 8));
        else if (action == 5) call = abi.encodeCall(CertificateRegistry.reinstate, (certType, certHash, 9));
        else if (action == 6) {
            call = abi.encodeCall(CertificateRegistry.revokeInBatch, (certType, root, certHash, proof, 3));
        } else if (action == 7) {
            call = abi.encodeCall(CertificateRegistry.suspendInBatch, (certType, root, certHash, proof, 8));
        } else if (action == 8) {
            call = abi.encodeCall(CertificateRegistry.reinstateInBatch, (certType, root, certHash, proof, 9));
        } else if (action == 9) call = _signedIssue(key, certType, certHash, now_);
        else call = abi.encodeCall(CertificateRegistry.revokeBatch, (certType, root, 3));

        bytes32 before = _managedSnapshot();
        vm.prank(caller);
        (bool ok, ) = address(registry).call(call);
        if (ok) successfulOfficerCalls++;
        if (_managedSnapshot() != before) officerChangedManaged = true;
        if (ok && action == 6) wasRevoked[certType][certHash] = true;
        if (ok && action == 10) rootRevoked[certType][root] = true;
        _check();
    }

    /// @dev The managing contract issues (superseding any hash) or revokes a managed certificate.
    function manage(uint256 hashSeed, uint256 supersedeSeed, bool revoke) external {
        bytes32 certHash = hashes[hashSeed % hashes.length];
        vm.prank(issuer);
        if (revoke) {
            registry.revokeFor(Certs.TITLE, certHash, 5);
        } else {
            bytes32 supersedes = supersedeSeed % 2 == 0 ? bytes32(0) : hashes[supersedeSeed % hashes.length];
            // May fail (already issued, revoked for good): the managing contract's calls are not under test here.
            (bool ok, ) = address(registry).call(
                abi.encodeCall(
                    CertificateRegistry.issueFor,
                    (Certs.TITLE, certHash, 0, uint64(block.timestamp), type(uint40).max, supersedes)
                )
            );
            ok;
        }
        _check();
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 30 days));
        _check();
    }

    /// @dev Records revocations seen and flags any revoked (type, hash) or root that verifies valid.
    function _check() private {
        for (uint256 t = 0; t < types.length; t++) {
            for (uint256 h = 0; h < hashes.length; h++) {
                bytes32 certType = types[t];
                bytes32 certHash = hashes[h];
                if (registry.statusOf(certType, certHash) == ICertificateRegistry.Status.Revoked) {
                    wasRevoked[certType][certHash] = true;
                }
                for (uint256 k = 0; k < BATCHES; k++) {
                    (bytes32 root, bytes32[] memory proof) = Certs.batch(certHash, k);
                    bool leafValid = registry.isValidInBatch(certType, root, certHash, proof);
                    if (leafValid && (wasRevoked[certType][certHash] || rootRevoked[certType][root])) {
                        revokedBecameValid = true;
                    }
                }
                if (wasRevoked[certType][certHash] && registry.isValid(certType, certHash)) revokedBecameValid = true;
            }
        }
    }

    /// @dev Every status of the managed type, singly and in every batch the handler can make, in one word.
    function _managedSnapshot() private view returns (bytes32 snapshot) {
        for (uint256 h = 0; h < hashes.length; h++) {
            ICertificateRegistry.CertificateView memory v = registry.certificate(Certs.TITLE, hashes[h]);
            snapshot = keccak256(abi.encode(snapshot, v));
            for (uint256 k = 0; k < BATCHES; k++) {
                (bytes32 root, bytes32[] memory proof) = Certs.batch(hashes[h], k);
                snapshot = keccak256(
                    abi.encode(snapshot, registry.batchCertificate(Certs.TITLE, root, hashes[h], proof))
                );
            }
        }
    }

    function _signedIssue(
        uint256 key,
        bytes32 certType,
        bytes32 certHash,
        uint64 now_
    ) private view returns (bytes memory) {
        ICertificateRegistry.IssueRequest memory request = ICertificateRegistry.IssueRequest(
            certType,
            certHash,
            0,
            now_,
            now_ + 365 days,
            vm.addr(key),
            registry.nonces(vm.addr(key)),
            block.timestamp + 1 hours
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, CertificateSigning.digest(registry, request));
        return abi.encodeCall(CertificateRegistry.issueWithSignature, (request, abi.encodePacked(r, s, v)));
    }
}

library CertificateSigning {
    bytes32 internal constant ISSUE_TYPEHASH = keccak256(
        "IssueRequest(bytes32 certType,bytes32 certHash,bytes32 subject,uint64 validFrom,uint64 validUntil,address signer,uint256 nonce,uint256 deadline)"
    );

    function digest(
        CertificateRegistry registry,
        ICertificateRegistry.IssueRequest memory request
    ) internal view returns (bytes32) {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("govchain CertificateRegistry"),
                keccak256("1"),
                block.chainid,
                address(registry)
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(
                ISSUE_TYPEHASH,
                request.certType,
                request.certHash,
                request.subject,
                request.validFrom,
                request.validUntil,
                request.signer,
                request.nonce,
                request.deadline
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }
}

contract CertificateRegistryTest is GovTest {
    GovAccessManager internal manager;
    DepartmentDirectory internal directory;
    CertificateRegistry internal registry;
    CertificateHandler internal handler;
    bytes32 internal constant MARKET = "MARKET";
    bytes32 internal constant TAX = "TAX";
    bytes32 internal constant REGISTRY = "REGISTRY";
    bytes32 internal constant LICENCE = Certs.LICENCE;
    bytes32 internal constant TAX_CERT = Certs.TAX_CERT;
    bytes32 internal constant TITLE = Certs.TITLE;
    uint256 internal constant OFFICER_KEY = 0xA1;
    uint256 internal constant TAX_OFFICER_KEY = 0xB1;
    uint256 internal constant REGISTRY_OFFICER_KEY = 0xD1;
    uint256 internal constant ADMIN_KEY = 0xA0;
    uint256 internal constant OUTSIDER_KEY = 0xC1;
    address internal immutable OFFICER = vm.addr(OFFICER_KEY);
    address internal immutable TAX_OFFICER = vm.addr(TAX_OFFICER_KEY);
    address internal immutable REGISTRY_OFFICER = vm.addr(REGISTRY_OFFICER_KEY);
    address internal immutable ADMIN = vm.addr(ADMIN_KEY);
    /// @dev Stands for the property registry: the contract authorised for the managed type.
    address internal constant ISSUER = address(0x1550E5);
    bytes32[4] internal hashes = [bytes32("h0"), bytes32("h1"), bytes32("h2"), bytes32("h3")];

    function setUp() public {
        vm.warp(1_700_000_000);
        manager = new GovAccessManager(address(this));
        directory = DepartmentDirectory(
            address(
                new ERC1967Proxy(
                    address(new DepartmentDirectory()),
                    abi.encodeCall(DepartmentDirectory.initialize, (address(manager), 0))
                )
            )
        );
        registry = CertificateRegistry(
            address(
                new ERC1967Proxy(
                    address(new CertificateRegistry()),
                    abi.encodeCall(CertificateRegistry.initialize, (address(manager), directory))
                )
            )
        );
        manager.grantRole(GovRoles.ADMIN, address(directory), 0);
        manager.grantRole(GovRoles.OPERATOR, address(this), 0);
        bytes4[] memory dirOperator = new bytes4[](2);
        dirOperator[0] = DepartmentDirectory.registerDepartment.selector;
        dirOperator[1] = DepartmentDirectory.grantDepartmentAdmin.selector;
        manager.setTargetFunctionRole(address(directory), dirOperator, GovRoles.OPERATOR);
        bytes4[] memory dirPublic = new bytes4[](1);
        dirPublic[0] = DepartmentDirectory.grantOfficer.selector;
        manager.setTargetFunctionRole(address(directory), dirPublic, GovRoles.PUBLIC);
        bytes4[] memory regOperator = new bytes4[](2);
        regOperator[0] = CertificateRegistry.registerType.selector;
        regOperator[1] = CertificateRegistry.setIssuerAuthorised.selector;
        manager.setTargetFunctionRole(address(registry), regOperator, GovRoles.OPERATOR);
        bytes4[] memory regPublic = new bytes4[](13);
        regPublic[0] = CertificateRegistry.issue.selector;
        regPublic[1] = CertificateRegistry.revoke.selector;
        regPublic[2] = CertificateRegistry.suspend.selector;
        regPublic[3] = CertificateRegistry.reinstate.selector;
        regPublic[4] = CertificateRegistry.issueBatch.selector;
        regPublic[5] = CertificateRegistry.revokeInBatch.selector;
        regPublic[6] = CertificateRegistry.revokeBatch.selector;
        regPublic[7] = CertificateRegistry.suspendInBatch.selector;
        regPublic[8] = CertificateRegistry.reinstateInBatch.selector;
        regPublic[9] = CertificateRegistry.renew.selector;
        regPublic[10] = CertificateRegistry.issueWithSignature.selector;
        regPublic[11] = CertificateRegistry.issueFor.selector;
        regPublic[12] = CertificateRegistry.revokeFor.selector;
        manager.setTargetFunctionRole(address(registry), regPublic, GovRoles.PUBLIC);

        _department(MARKET, OFFICER);
        _department(TAX, TAX_OFFICER);
        _department(REGISTRY, REGISTRY_OFFICER);
        registry.registerType(LICENCE, MARKET, 0, true, true, false);
        registry.registerType(TAX_CERT, TAX, 0, true, true, false);
        registry.registerType(TITLE, REGISTRY, 0, true, true, true);
        registry.setIssuerAuthorised(TITLE, ISSUER, true);

        vm.startPrank(OFFICER);
        for (uint256 i = 0; i < hashes.length; i++) {
            registry.issue(LICENCE, hashes[i], bytes32(0), uint64(block.timestamp), uint64(block.timestamp + 365 days));
        }
        vm.stopPrank();

        handler = new CertificateHandler(
            registry,
            ISSUER,
            [OFFICER_KEY, TAX_OFFICER_KEY, REGISTRY_OFFICER_KEY, ADMIN_KEY, OUTSIDER_KEY],
            hashes
        );
        targetContract(address(handler));
    }

    function _department(bytes32 code, address officer) private {
        directory.registerDepartment(code, "dept", IDepartmentDirectory.DepartmentKind.Government);
        directory.grantDepartmentAdmin(code, ADMIN);
        vm.prank(ADMIN);
        directory.grantOfficer(code, officer);
    }

    function _issueTitle(bytes32 certHash, bytes32 supersedes) private {
        vm.prank(ISSUER);
        registry.issueFor(TITLE, certHash, 0, uint64(block.timestamp), type(uint40).max, supersedes);
    }

    // ── promise 1: a certificate belongs to its type ──────────────────────────

    /// @dev Another department issuing a hash first under its own type neither blocks the managed type's
    /// issuance nor ever verifies under the managed type.
    function testFuzz_crossTypeSquatNeverBlocksNorVerifies(bytes32 certHash) public {
        vm.assume(certHash != bytes32(0));
        vm.prank(TAX_OFFICER);
        registry.issue(TAX_CERT, certHash, 0, uint64(block.timestamp), uint64(block.timestamp + 1 days));
        assertTrue(registry.isValid(TAX_CERT, certHash), "the squatter's own certificate");
        assertTrue(!registry.isValid(TITLE, certHash), "a TAX record verified as a title");
        assertEq(uint256(registry.statusOf(TITLE, certHash)), 0, "a TAX record has a title status");
        _issueTitle(certHash, 0);
        assertTrue(registry.isValid(TITLE, certHash), "the squatted hash blocked the title");
        vm.prank(TAX_OFFICER);
        registry.revoke(TAX_CERT, certHash, 3);
        assertTrue(registry.isValid(TITLE, certHash), "revoking the TAX record touched the title");
    }

    /// @dev A batch root is bound to its type: the same root and proof under another type verify nothing.
    function testFuzz_batchRootBelongsToItsType(bytes32 certHash) public {
        (bytes32 root, bytes32[] memory proof) = Certs.batch(certHash, 0);
        vm.prank(TAX_OFFICER);
        registry.issueBatch(TAX_CERT, root, 2, uint64(block.timestamp), uint64(block.timestamp + 1 days));
        assertTrue(registry.isValidInBatch(TAX_CERT, root, certHash, proof), "the batch's own type");
        assertTrue(!registry.isValidInBatch(LICENCE, root, certHash, proof), "a TAX root verified as a licence");
        assertTrue(!registry.isValidInBatch(TITLE, root, certHash, proof), "a TAX root verified as a title");
    }

    // ── promise 2: contract-managed types are untouchable by hand ─────────────

    function test_everyOfficerPathRefusesAManagedType() public {
        _issueTitle("t1", 0);
        (bytes32 root, bytes32[] memory proof) = Certs.batch("t1", 0);
        uint64 now_ = uint64(block.timestamp);
        bytes[] memory calls = new bytes[](10);
        calls[0] = abi.encodeCall(CertificateRegistry.issue, (TITLE, "t2", 0, now_, now_ + 1 days));
        calls[1] = abi.encodeCall(CertificateRegistry.issueBatch, (TITLE, root, 2, now_, now_ + 1 days));
        calls[2] = abi.encodeCall(CertificateRegistry.renew, (TITLE, "t1", "t2", 0, now_, now_ + 1 days));
        calls[3] = abi.encodeCall(CertificateRegistry.revoke, (TITLE, "t1", 3));
        calls[4] = abi.encodeCall(CertificateRegistry.suspend, (TITLE, "t1", 8));
        calls[5] = abi.encodeCall(CertificateRegistry.reinstate, (TITLE, "t1", 9));
        calls[6] = abi.encodeCall(CertificateRegistry.revokeBatch, (TITLE, root, 3));
        calls[7] = abi.encodeCall(CertificateRegistry.revokeInBatch, (TITLE, root, "t1", proof, 3));
        calls[8] = abi.encodeCall(CertificateRegistry.suspendInBatch, (TITLE, root, "t1", proof, 8));
        calls[9] = abi.encodeCall(CertificateRegistry.reinstateInBatch, (TITLE, root, "t1", proof, 9));
        bytes memory refused = abi.encodeWithSelector(
            ICertificateRegistry.CertificateRegistryManagedType.selector,
            TITLE
        );
        for (uint256 i = 0; i < calls.length; i++) {
            vm.prank(REGISTRY_OFFICER);
            (bool ok, bytes memory err) = address(registry).call(calls[i]);
            assertTrue(!ok && keccak256(err) == keccak256(refused), "an officer path accepted a managed type");
        }
        assertTrue(registry.isValid(TITLE, "t1"), "the title changed");
    }

    function test_issueForSupersedesOnlyACurrentCertificateAndIsNeverBlocked() public {
        _issueTitle("v1", 0);
        vm.prank(ISSUER);
        registry.revokeFor(TITLE, "v1", 5);
        _issueTitle("v2", "v1"); // the revoked v1 is left revoked, not an obstacle
        assertEq(uint256(registry.statusOf(TITLE, "v1")), uint256(ICertificateRegistry.Status.Revoked), "v1");
        _issueTitle("v3", "v2");
        assertEq(uint256(registry.statusOf(TITLE, "v2")), uint256(ICertificateRegistry.Status.Superseded), "v2");
        _issueTitle("v4", "v2"); // already superseded: left as it is
        _issueTitle("v5", "never issued");
        assertTrue(registry.isValid(TITLE, "v5"), "v5");
    }

    function test_noContractCanBeAuthorisedForAnOfficerType() public {
        vm.expectRevert(
            abi.encodeWithSelector(ICertificateRegistry.CertificateRegistryUnmanagedType.selector, LICENCE)
        );
        registry.setIssuerAuthorised(LICENCE, ISSUER, true);
        vm.prank(ISSUER);
        vm.expectRevert(
            abi.encodeWithSelector(ICertificateRegistry.CertificateRegistryUnauthorizedIssuer.selector, LICENCE, ISSUER)
        );
        registry.revokeFor(LICENCE, hashes[0], 3);
    }

    // ── promise 3: revocation is final ────────────────────────────────────────

    function testFuzz_revokedNeverVerifiesValid(uint256 later) public {
        vm.prank(OFFICER);
        registry.revoke(LICENCE, hashes[0], 3);
        vm.warp(block.timestamp + bound(later, 0, 10 * 365 days));
        assertTrue(!registry.isValid(LICENCE, hashes[0]), "a revoked certificate verified valid");
        assertEq(
            uint256(registry.statusOf(LICENCE, hashes[0])),
            uint256(ICertificateRegistry.Status.Revoked),
            "status"
        );
    }

    /// @dev A leaf revoked in batch A is revoked in batch B, and can never be issued singly.
    function testFuzz_leafRevokedInOneBatchIsRevokedInEveryBatch(bytes32 certHash) public {
        vm.assume(certHash != bytes32(0));
        (bytes32 rootA, bytes32[] memory proofA) = Certs.batch(certHash, 0);
        (bytes32 rootB, bytes32[] memory proofB) = Certs.batch(certHash, 1);
        uint64 now_ = uint64(block.timestamp);
        vm.startPrank(OFFICER);
        registry.issueBatch(LICENCE, rootA, 2, now_, now_ + 1 days);
        registry.revokeInBatch(LICENCE, rootA, certHash, proofA, 3);
        registry.issueBatch(LICENCE, rootB, 2, now_, now_ + 1 days);
        assertTrue(!registry.isValidInBatch(LICENCE, rootB, certHash, proofB), "re-batched revoked leaf verified");
        vm.expectRevert(
            abi.encodeWithSelector(ICertificateRegistry.CertificateRegistryRevokedForever.selector, LICENCE, certHash)
        );
        registry.issue(LICENCE, certHash, 0, now_, now_ + 1 days);
        vm.stopPrank();
    }

    function test_issuanceWhoseWindowEndedIsRefused() public {
        uint64 now_ = uint64(block.timestamp);
        vm.prank(OFFICER);
        vm.expectRevert(
            abi.encodeWithSelector(ICertificateRegistry.CertificateRegistryValidityEnded.selector, now_, now_)
        );
        registry.issue(LICENCE, "late", 0, now_ - 10, now_);
    }

    // ── promise 4: "was it valid at time T" is exact ──────────────────────────

    /// @dev Two suspensions (one lifted, one ending in revocation) show at every moment inside them.
    function testFuzz_statusAtIsExactAcrossSuspensions(uint32 a, uint32 b, uint32 c, uint32 d, uint256 probe) public {
        uint256 t0 = block.timestamp;
        uint256 s1 = t0 + bound(a, 1, 30 days);
        uint256 e1 = s1 + bound(b, 1, 30 days);
        uint256 s2 = e1 + bound(c, 1, 30 days);
        uint256 r = s2 + bound(d, 1, 30 days);
        bytes32 h = hashes[1];
        vm.startPrank(OFFICER);
        vm.warp(s1);
        registry.suspend(LICENCE, h, 8);
        vm.warp(e1);
        registry.reinstate(LICENCE, h, 9);
        vm.warp(s2);
        registry.suspend(LICENCE, h, 8);
        vm.warp(r);
        registry.revoke(LICENCE, h, 3);
        vm.stopPrank();
        uint256 t = t0 + (probe % (r + 10 - t0));
        ICertificateRegistry.Status expected =
            t >= r
                ? ICertificateRegistry.Status.Revoked
                : (t >= s2 || (t >= s1 && t < e1))
                    ? ICertificateRegistry.Status.Suspended
                    : ICertificateRegistry.Status.Active;
        assertEq(uint256(registry.statusAt(LICENCE, h, uint64(t))), uint256(expected), "statusAt");
    }

    // ── invariants ────────────────────────────────────────────────────────────

    /// @dev No sequence of calls by officers (of any department), admins or outsiders changes a managed certificate.
    function invariant_officersNeverChangeAManagedCertificate() public view {
        assertTrue(!handler.officerChangedManaged(), "an officer changed a contract-managed certificate");
    }

    /// @dev A revoked certificate (or batch) never verifies valid again, whichever path re-issues it.
    function invariant_revokedNeverValidAgain() public view {
        assertTrue(!handler.revokedBecameValid(), "a revoked certificate became valid");
    }
}

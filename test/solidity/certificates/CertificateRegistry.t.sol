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

/// @dev Drives the registry with random status changes by random callers, recording violations.
contract CertificateHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    CertificateRegistry public immutable registry;
    address[4] public pool;
    bytes32[4] public hashes;
    /// @dev Ghost: a status changed in a call by someone who is not an officer of MARKET.
    bool public outsiderChangedStatus;
    /// @dev Ghost: a certificate that was revoked later became valid again.
    bool public revokedBecameValid;
    mapping(bytes32 => bool) public wasRevoked;

    constructor(CertificateRegistry registry_, address[4] memory pool_, bytes32[4] memory hashes_) {
        registry = registry_;
        pool = pool_;
        hashes = hashes_;
    }

    function act(uint256 callerSeed, uint256 hashSeed, uint256 actionSeed) external {
        address caller = pool[callerSeed % pool.length];
        bytes32 certHash = hashes[hashSeed % hashes.length];
        uint256 action = actionSeed % 3;
        ICertificateRegistry.Status before = registry.statusOf(certHash);
        bytes memory call;
        if (action == 0) call = abi.encodeCall(CertificateRegistry.revoke, (certHash, 3));
        else if (action == 1) call = abi.encodeCall(CertificateRegistry.suspend, (certHash, 8));
        else call = abi.encodeCall(CertificateRegistry.reinstate, (certHash, 9));
        vm.prank(caller);
        (bool ok, ) = address(registry).call(call);
        ICertificateRegistry.Status afterwards = registry.statusOf(certHash);
        if (afterwards != before && !registry.directory().isOfficer("MARKET", caller)) outsiderChangedStatus = true;
        if (afterwards == ICertificateRegistry.Status.Revoked) wasRevoked[certHash] = true;
        if (wasRevoked[certHash] && registry.isValid("BUSINESS_LICENCE", certHash)) revokedBecameValid = true;
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 30 days));
    }
}

contract CertificateRegistryTest is GovTest {
    GovAccessManager internal manager;
    DepartmentDirectory internal directory;
    CertificateRegistry internal registry;
    CertificateHandler internal handler;
    bytes32 internal constant MARKET = "MARKET";
    bytes32 internal constant TAX = "TAX";
    bytes32 internal constant LICENCE = "BUSINESS_LICENCE";
    address internal constant ADMIN = address(0xA0);
    address internal constant OFFICER = address(0xA1);
    address internal constant TAX_ADMIN = address(0xB0);
    address internal constant TAX_OFFICER = address(0xB1);
    address[4] internal pool = [OFFICER, TAX_OFFICER, address(0xC1), ADMIN];
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
        bytes4[] memory regOperator = new bytes4[](1);
        regOperator[0] = CertificateRegistry.registerType.selector;
        manager.setTargetFunctionRole(address(registry), regOperator, GovRoles.OPERATOR);
        bytes4[] memory regPublic = new bytes4[](7);
        regPublic[0] = CertificateRegistry.issue.selector;
        regPublic[1] = CertificateRegistry.revoke.selector;
        regPublic[2] = CertificateRegistry.suspend.selector;
        regPublic[3] = CertificateRegistry.reinstate.selector;
        regPublic[4] = CertificateRegistry.issueBatch.selector;
        regPublic[5] = CertificateRegistry.revokeInBatch.selector;
        regPublic[6] = CertificateRegistry.revokeBatch.selector;
        manager.setTargetFunctionRole(address(registry), regPublic, GovRoles.PUBLIC);

        directory.registerDepartment(MARKET, "Market", IDepartmentDirectory.DepartmentKind.Government);
        directory.registerDepartment(TAX, "Tax", IDepartmentDirectory.DepartmentKind.Government);
        directory.grantDepartmentAdmin(MARKET, ADMIN);
        directory.grantDepartmentAdmin(TAX, TAX_ADMIN);
        vm.prank(ADMIN);
        directory.grantOfficer(MARKET, OFFICER);
        vm.prank(TAX_ADMIN);
        directory.grantOfficer(TAX, TAX_OFFICER);
        registry.registerType(LICENCE, MARKET, 0, true, true);

        vm.startPrank(OFFICER);
        for (uint256 i = 0; i < hashes.length; i++) {
            registry.issue(LICENCE, hashes[i], bytes32(0), uint64(block.timestamp), uint64(block.timestamp + 365 days));
        }
        vm.stopPrank();

        handler = new CertificateHandler(registry, pool, hashes);
        targetContract(address(handler));
    }

    function testFuzz_revokedNeverVerifiesValid(uint256 later) public {
        vm.prank(OFFICER);
        registry.revoke(hashes[0], 3);
        vm.warp(block.timestamp + bound(later, 0, 10 * 365 days));
        assertTrue(!registry.isValid("BUSINESS_LICENCE", hashes[0]), "a revoked certificate verified valid");
        assertEq(uint256(registry.statusOf(hashes[0])), uint256(ICertificateRegistry.Status.Revoked), "status");
    }

    function testFuzz_expiredNeverVerifiesValid(uint64 validity, uint256 after_) public {
        validity = uint64(bound(validity, 1, 100 * 365 days));
        uint64 from = uint64(block.timestamp);
        vm.prank(OFFICER);
        registry.issue(LICENCE, "expiring", bytes32(0), from, from + validity);
        vm.warp(uint256(from) + validity + bound(after_, 0, 100 * 365 days));
        assertTrue(!registry.isValid("BUSINESS_LICENCE", "expiring"), "an expired certificate verified valid");
        assertEq(uint256(registry.statusOf("expiring")), uint256(ICertificateRegistry.Status.Expired), "status");
    }

    function testFuzz_proofNeverValidatesIntoAnotherBatch(bytes32 a, bytes32 b, bytes32 c) public {
        vm.assume(a != b && b != c && a != c);
        bytes32 leafA = _leaf(a);
        bytes32 leafB = _leaf(b);
        bytes32 leafC = _leaf(c);
        bytes32 rootAB = _hashPair(leafA, leafB);
        bytes32 rootC = _hashPair(leafC, leafC);
        vm.startPrank(OFFICER);
        registry.issueBatch(LICENCE, rootAB, 2, uint64(block.timestamp), uint64(block.timestamp + 1 days));
        registry.issueBatch(LICENCE, rootC, 1, uint64(block.timestamp), uint64(block.timestamp + 1 days));
        vm.stopPrank();
        bytes32[] memory proofA = new bytes32[](1);
        proofA[0] = leafB;
        assertTrue(registry.isValidInBatch(rootAB, a, proofA), "a valid proof was refused");
        assertTrue(!registry.isValidInBatch(rootC, a, proofA), "a proof validated a leaf into another batch");
        // Revoking the leaf in one batch is keyed by root: the other batch is untouched.
        vm.prank(OFFICER);
        registry.revokeInBatch(rootAB, a, proofA, 3);
        assertTrue(!registry.isValidInBatch(rootAB, a, proofA), "the revoked leaf still verifies");
        bytes32[] memory proofB = new bytes32[](1);
        proofB[0] = leafA;
        assertTrue(registry.isValidInBatch(rootAB, b, proofB), "revoking one leaf touched its sibling");
    }

    function testFuzz_onlyOwningDepartmentChangesStatus(address caller) public {
        vm.assume(caller != OFFICER);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSignature("DepartmentGatedUnauthorizedOfficer(bytes32,address)", MARKET, caller));
        registry.revoke(hashes[1], 3);
        assertEq(uint256(registry.statusOf(hashes[1])), uint256(ICertificateRegistry.Status.Active), "status changed");
    }

    /// @dev A revoked certificate never becomes valid again, whatever happens after.
    function invariant_revokedNeverValidAgain() public view {
        assertTrue(!handler.revokedBecameValid(), "a revoked certificate became valid");
    }

    /// @dev Only officers of the owning department (MARKET) ever change a certificate's status.
    function invariant_onlyOwningDepartmentChangesStatus() public view {
        assertTrue(!handler.outsiderChangedStatus(), "an outsider changed a certificate's status");
    }

    function _leaf(bytes32 certHash) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(certHash))));
    }

    function _hashPair(bytes32 x, bytes32 y) private pure returns (bytes32) {
        return x < y ? keccak256(abi.encode(x, y)) : keccak256(abi.encode(y, x));
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

import {DepartmentDirectory} from "../../../contracts/access/DepartmentDirectory.sol";
import {GovAccessManager} from "../../../contracts/access/GovAccessManager.sol";
import {GovRoles} from "../../../contracts/access/GovRoles.sol";
import {IDepartmentDirectory} from "../../../contracts/access/IDepartmentDirectory.sol";
import {DataExchange} from "../../../contracts/exchange/DataExchange.sol";
import {IDataExchange} from "../../../contracts/exchange/IDataExchange.sol";
import {ReceiptLog} from "../../../contracts/exchange/ReceiptLog.sol";
import {GovTest, Vm} from "../utils/GovTest.sol";

bytes32 constant PSB = "PSB";
bytes32 constant TAX = "TAX";
bytes32 constant PURPOSE = "DEED_TAX";
bytes32 constant LEGAL = "LAW";
bytes32 constant SCOPE = keccak256("name");
bytes32 constant HOUSEHOLD = keccak256("PSB/household-register");
bytes32 constant IDENTITY = keccak256("PSB/identity");

/// @dev The subject's EIP-712 revocation, built independently of the contract.
function revocationDigest(
    DataExchange exchange,
    uint256 consentId,
    uint256 nonce,
    uint256 deadline
) view returns (bytes32) {
    bytes32 domain = keccak256(
        abi.encode(
            keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
            keccak256("govchain DataExchange"),
            keccak256("1"),
            block.chainid,
            address(exchange)
        )
    );
    bytes32 structHash = keccak256(
        abi.encode(
            keccak256("RevokeConsent(uint256 consentId,uint256 nonce,uint256 deadline)"),
            consentId,
            nonce,
            deadline
        )
    );
    return MessageHashUtils.toTypedDataHash(domain, structHash);
}

/// @dev The subject's EIP-712 consent to `terms`, built independently of the contract.
function consentDigest(
    DataExchange exchange,
    IDataExchange.ConsentTerms memory terms,
    uint256 nonce,
    uint256 deadline
) view returns (bytes32) {
    bytes32 domain = keccak256(
        abi.encode(
            keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
            keccak256("govchain DataExchange"),
            keccak256("1"),
            block.chainid,
            address(exchange)
        )
    );
    bytes32 structHash = keccak256(
        abi.encode(
            keccak256(
                "RecordConsent(bytes32 department,bytes32 subject,bytes32 purpose,bytes32 dataset,uint40 expiresAt,uint256 nonce,uint256 deadline)"
            ),
            terms.department,
            terms.subject,
            terms.purpose,
            terms.dataset,
            terms.expiresAt,
            nonce,
            deadline
        )
    );
    return MessageHashUtils.toTypedDataHash(domain, structHash);
}

/// @dev The terms, nonce, deadline and signature of a consent signed by `key`, ready for `recordConsent`.
function signedConsent(
    Vm vm,
    DataExchange exchange,
    uint256 key,
    bytes32 department,
    bytes32 dataset,
    uint40 expiresAt
) view returns (IDataExchange.ConsentTerms memory terms, uint256 nonce, bytes memory signature) {
    terms = IDataExchange.ConsentTerms(department, keccak256("subject"), PURPOSE, dataset, vm.addr(key), expiresAt);
    nonce = exchange.nonces(vm.addr(key));
    (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, consentDigest(exchange, terms, nonce, block.timestamp));
    signature = abi.encodePacked(r, s, v);
}

/**
 * @dev Drives the exchange with random grants (some on consent), revocations, consent revocations,
 * time jumps, TAX's deactivation and reactivation, the emergency stop, and receipts by random callers,
 * keeping its own model of which grants are live. While TAX is deactivated its officer tries every
 * state-changing call it could make, and PSB tries to grant it access.
 */
contract ExchangeHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    DataExchange public immutable exchange;
    ReceiptLog public immutable log;
    DepartmentDirectory public immutable directory;
    address public immutable psbOfficer;
    address public immutable taxOfficer;
    address public immutable stranger = address(0xBAD);
    uint256 internal immutable subjectKey;

    uint256[] public grants;
    mapping(uint256 grantId => uint256) public modelExpiry;
    mapping(uint256 grantId => bool) public modelRevoked;
    mapping(uint256 grantId => uint256) public modelConsent;
    mapping(uint256 consentId => bool) public modelConsentRevoked;
    uint256[] public consents;
    bool public taxActive = true;
    bool public closed;
    /// @dev Ghost: a call by (or for) deactivated TAX changed the exchange's state.
    bool public deactivatedChangedState;
    /// @dev Ghost: `isGrantLive` or the log's `isLive` disagreed with the model.
    bool public livenessMismatch;

    /// @dev Ghosts: a receipt accepted while the model says the grant was not live (or the caller not entitled).
    bool public receiptWithoutLiveGrant;
    /// @dev Ghost: the grant's own submitter was refused while the model says the grant was live.
    bool public liveGrantRefused;
    uint256 public receiptsAccepted;

    constructor(
        DataExchange exchange_,
        ReceiptLog log_,
        DepartmentDirectory directory_,
        address psbOfficer_,
        address taxOfficer_,
        uint256 subjectKey_
    ) {
        exchange = exchange_;
        log = log_;
        directory = directory_;
        psbOfficer = psbOfficer_;
        taxOfficer = taxOfficer_;
        subjectKey = subjectKey_;
    }

    function recordConsent(uint256 lifetimeSeed) external {
        if (!taxActive || closed) return;
        uint40 expiresAt = uint40(block.timestamp + 1 + (lifetimeSeed % 20 days));
        (IDataExchange.ConsentTerms memory terms, uint256 nonce, bytes memory signature) = signedConsent(
            vm,
            exchange,
            subjectKey,
            TAX,
            IDENTITY,
            expiresAt
        );
        vm.prank(taxOfficer);
        uint256 id = exchange.recordConsent(terms, nonce, block.timestamp, signature);
        consents.push(id);
    }

    function toggleTax() external {
        taxActive = !taxActive;
        directory.setDepartmentActive(TAX, taxActive);
    }

    function toggleClosed() external {
        closed = !closed;
        directory.setModuleClosed(address(exchange), closed);
    }

    /// @dev While TAX is deactivated, every call by its officer (and PSB's approval of its request) must fail.
    function actWhileDeactivated(uint256 which) external {
        if (taxActive) return;
        bytes32 before = _stateDigest();
        bool ok;
        which %= 5;
        if (which == 0) {
            vm.prank(taxOfficer);
            try exchange.requestAccess(HOUSEHOLD, TAX, PURPOSE, LEGAL, SCOPE, 1 days, 0) {
                ok = true;
            } catch {}
        } else if (which == 1 && grants.length != 0) {
            vm.prank(taxOfficer);
            try exchange.setGrantSubmitter(grants[0], address(0xCAFE)) {
                ok = true;
            } catch {}
        } else if (which == 2) {
            (IDataExchange.ConsentTerms memory terms, uint256 nonce, bytes memory signature) = signedConsent(
                vm,
                exchange,
                subjectKey,
                TAX,
                IDENTITY,
                uint40(block.timestamp + 1 days)
            );
            vm.prank(taxOfficer);
            try exchange.recordConsent(terms, nonce, block.timestamp, signature) {
                ok = true;
            } catch {}
        } else if (which == 3 && grants.length != 0) {
            vm.prank(taxOfficer);
            try log.recordReceipt(grants[grants.length - 1], keccak256("q"), keccak256("r")) {
                ok = true;
            } catch {}
        } else if (which == 4) {
            // A request filed before the deactivation: the owner cannot grant it to the deactivated department.
            uint256 last = exchange.requestCount();
            if (last != 0 && exchange.request(last).status == IDataExchange.RequestStatus.Pending) {
                vm.prank(psbOfficer);
                try exchange.approveRequest(last, bytes32(0), 0) {
                    ok = true;
                } catch {}
            }
        }
        if (ok || _stateDigest() != before) deactivatedChangedState = true;
    }

    function pendingRequest() external {
        if (!taxActive || closed) return;
        vm.prank(taxOfficer);
        exchange.requestAccess(HOUSEHOLD, TAX, PURPOSE, LEGAL, SCOPE, 1 days, 0);
    }

    /// @dev What a deactivated department's call could change: counters, the newest grant and nonces.
    function _stateDigest() private view returns (bytes32) {
        uint256 last = exchange.requestCount();
        bytes memory g;
        if (grants.length != 0) g = abi.encode(exchange.grant(grants[0]).submitter);
        return
            keccak256(
                abi.encode(
                    last,
                    last == 0 ? IDataExchange.RequestStatus.None : exchange.request(last).status,
                    exchange.nonces(vm.addr(subjectKey)),
                    g
                )
            );
    }

    function grant(uint256 durationSeed, uint256 consentSeed, bool personal) external {
        if (!taxActive || closed) return;
        uint40 duration = uint40(1 + (durationSeed % 30 days));
        uint256 consentId;
        if (personal) {
            if (consents.length == 0) return;
            consentId = consents[consentSeed % consents.length];
            (, uint40 consentExpiry, , , , , ) = _consent(consentId);
            if (modelConsentRevoked[consentId] || consentExpiry <= block.timestamp) return;
        }
        vm.prank(taxOfficer);
        uint256 id = exchange.requestAccess(
            personal ? IDENTITY : HOUSEHOLD,
            TAX,
            PURPOSE,
            LEGAL,
            SCOPE,
            duration,
            consentId
        );
        vm.prank(psbOfficer);
        exchange.approveRequest(id, bytes32(0), 0);
        uint256 expiry = block.timestamp + duration;
        if (consentId != 0) {
            (, uint40 consentExpiry, , , , , ) = _consent(consentId);
            if (consentExpiry < expiry) expiry = consentExpiry;
        }
        grants.push(id);
        modelExpiry[id] = expiry;
        modelConsent[id] = consentId;
    }

    function revokeGrant(uint256 index) external {
        if (grants.length == 0 || closed) return;
        uint256 id = grants[index % grants.length];
        vm.prank(psbOfficer);
        try exchange.revokeGrant(id, "R") {
            modelRevoked[id] = true;
        } catch {}
    }

    function revokeConsent(uint256 index) external {
        if (consents.length == 0 || closed) return;
        uint256 id = consents[index % consents.length];
        uint256 nonce = exchange.nonces(vm.addr(subjectKey));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(subjectKey, revocationDigest(exchange, id, nonce, block.timestamp));
        try exchange.revokeConsent(id, nonce, block.timestamp, abi.encodePacked(r, s, v)) {
            modelConsentRevoked[id] = true;
        } catch {}
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 10 days));
    }

    function receipt(uint256 index, bool byStranger, bool batch) external {
        if (grants.length == 0) return;
        uint256 id = grants[index % grants.length];
        address caller = byStranger ? stranger : taxOfficer;
        bool live =
            !modelRevoked[id] &&
                block.timestamp < modelExpiry[id] &&
                (modelConsent[id] == 0 || !modelConsentRevoked[modelConsent[id]]) &&
                taxActive &&
                !closed;
        if (exchange.isGrantLive(id) != live || log.isLive(id) != live) livenessMismatch = true;
        vm.prank(caller);
        bool ok;
        if (batch) {
            try log.recordReceiptBatch(id, keccak256("root"), 1000) {
                ok = true;
            } catch {}
        } else {
            try log.recordReceipt(id, keccak256("q"), keccak256("r")) {
                ok = true;
            } catch {}
        }
        if (ok) receiptsAccepted++;
        if (ok && (!live || byStranger)) receiptWithoutLiveGrant = true;
        if (!ok && live && !byStranger) liveGrantRefused = true;
    }

    function grantCount() external view returns (uint256) {
        return grants.length;
    }

    function _consent(uint256 id) private view returns (address, uint40, bool, bytes32, bytes32, bytes32, bytes32) {
        IDataExchange.Consent memory c = exchange.consent(id);
        return (c.signer, c.expiresAt, c.revoked, c.subject, c.purpose, c.dataset, c.department);
    }
}

contract DataExchangeTest is GovTest {
    GovAccessManager internal manager;
    DepartmentDirectory internal directory;
    DataExchange internal exchange;
    ReceiptLog internal log;
    ExchangeHandler internal handler;
    address internal constant PSB_ADMIN = address(0xA1);
    address internal constant PSB_OFFICER = address(0xA2);
    address internal constant TAX_ADMIN = address(0xB1);
    address internal constant TAX_OFFICER = address(0xB2);
    uint256 internal constant SUBJECT_KEY = 0x5EC12E7;

    function setUp() public {
        manager = new GovAccessManager(address(this));
        directory = DepartmentDirectory(
            address(
                new ERC1967Proxy(
                    address(new DepartmentDirectory()),
                    abi.encodeCall(DepartmentDirectory.initialize, (address(manager), 0))
                )
            )
        );
        exchange = DataExchange(
            address(
                new ERC1967Proxy(
                    address(new DataExchange()),
                    abi.encodeCall(
                        DataExchange.initialize,
                        (address(manager), IDepartmentDirectory(address(directory)))
                    )
                )
            )
        );
        manager.grantRole(GovRoles.ADMIN, address(directory), 0);
        manager.grantRole(GovRoles.OPERATOR, address(this), 0);
        bytes4[] memory operatorOnly = new bytes4[](5);
        operatorOnly[0] = DepartmentDirectory.registerDepartment.selector;
        operatorOnly[1] = DepartmentDirectory.grantDepartmentAdmin.selector;
        operatorOnly[2] = DepartmentDirectory.setDepartmentActive.selector;
        operatorOnly[3] = DepartmentDirectory.setModuleClosed.selector;
        operatorOnly[4] = DepartmentDirectory.setDepartmentListener.selector;
        manager.setTargetFunctionRole(address(directory), operatorOnly, GovRoles.OPERATOR);
        bytes4[] memory exchangeOperatorOnly = new bytes4[](2);
        exchangeOperatorOnly[0] = DataExchange.setReceiptLog.selector;
        exchangeOperatorOnly[1] = DataExchange.revokeGrantOfInactiveOwner.selector;
        manager.setTargetFunctionRole(address(exchange), exchangeOperatorOnly, GovRoles.OPERATOR);
        directory.setDepartmentListener(address(exchange), true);
        log = new ReceiptLog(exchange);
        exchange.setReceiptLog(address(log));
        bytes4[] memory departmentScoped = new bytes4[](1);
        departmentScoped[0] = DepartmentDirectory.grantOfficer.selector;
        manager.setTargetFunctionRole(address(directory), departmentScoped, GovRoles.PUBLIC);
        bytes4[] memory exchangeFunctions = new bytes4[](12);
        exchangeFunctions[0] = DataExchange.registerDataset.selector;
        exchangeFunctions[1] = DataExchange.updateDataset.selector;
        exchangeFunctions[2] = DataExchange.reclassifyDataset.selector;
        exchangeFunctions[3] = DataExchange.retireDataset.selector;
        exchangeFunctions[4] = DataExchange.requestAccess.selector;
        exchangeFunctions[5] = DataExchange.approveRequest.selector;
        exchangeFunctions[6] = DataExchange.countersignRequest.selector;
        exchangeFunctions[7] = DataExchange.rejectRequest.selector;
        exchangeFunctions[8] = DataExchange.revokeGrant.selector;
        exchangeFunctions[9] = DataExchange.setGrantSubmitter.selector;
        exchangeFunctions[10] = DataExchange.recordConsent.selector;
        exchangeFunctions[11] = DataExchange.revokeConsent.selector;
        manager.setTargetFunctionRole(address(exchange), exchangeFunctions, GovRoles.PUBLIC);

        directory.registerDepartment(PSB, "Public security", IDepartmentDirectory.DepartmentKind.Government);
        directory.registerDepartment(TAX, "Tax", IDepartmentDirectory.DepartmentKind.Government);
        directory.grantDepartmentAdmin(PSB, PSB_ADMIN);
        directory.grantDepartmentAdmin(TAX, TAX_ADMIN);
        vm.prank(PSB_ADMIN);
        directory.grantOfficer(PSB, PSB_OFFICER);
        vm.prank(TAX_ADMIN);
        directory.grantOfficer(TAX, TAX_OFFICER);

        vm.startPrank(PSB_OFFICER);
        exchange.registerDataset(
            HOUSEHOLD,
            PSB,
            keccak256("s"),
            keccak256("e"),
            IDataExchange.Classification.Internal,
            false,
            0
        );
        exchange.registerDataset(
            IDENTITY,
            PSB,
            keccak256("s"),
            keccak256("e"),
            IDataExchange.Classification.Internal,
            true,
            0
        );
        vm.stopPrank();

        handler = new ExchangeHandler(exchange, log, directory, PSB_OFFICER, TAX_OFFICER, SUBJECT_KEY);
        manager.grantRole(GovRoles.OPERATOR, address(handler), 0);
        targetContract(address(handler));
    }

    function _grant(uint40 duration) internal returns (uint256 id) {
        vm.prank(TAX_OFFICER);
        id = exchange.requestAccess(HOUSEHOLD, TAX, PURPOSE, LEGAL, SCOPE, duration, 0);
        vm.prank(PSB_OFFICER);
        exchange.approveRequest(id, bytes32(0), 0);
    }

    function _consent(bytes32 department, bytes32 dataset) internal returns (uint256 id) {
        (IDataExchange.ConsentTerms memory terms, uint256 nonce, bytes memory signature) = signedConsent(
            vm,
            exchange,
            SUBJECT_KEY,
            department,
            dataset,
            uint40(block.timestamp + 1 days)
        );
        vm.prank(department == TAX ? TAX_OFFICER : PSB_OFFICER);
        id = exchange.recordConsent(terms, nonce, block.timestamp, signature);
    }

    function testFuzz_consentNeedsTheSubjectKeysSignature(uint256 forgerKey) public {
        forgerKey = bound(forgerKey, 1, 2 ** 128);
        vm.assume(forgerKey != SUBJECT_KEY);
        IDataExchange.ConsentTerms memory terms = IDataExchange.ConsentTerms(
            TAX,
            keccak256("subject"),
            PURPOSE,
            IDENTITY,
            vm.addr(SUBJECT_KEY),
            uint40(block.timestamp + 1 days)
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(forgerKey, consentDigest(exchange, terms, 0, block.timestamp));
        vm.prank(TAX_OFFICER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataExchange.DataExchangeInvalidConsentSignature.selector,
                vm.addr(SUBJECT_KEY),
                vm.addr(forgerKey)
            )
        );
        exchange.recordConsent(terms, 0, block.timestamp, abi.encodePacked(r, s, v));
        assertEq(exchange.nonces(vm.addr(SUBJECT_KEY)), 0, "nonce consumed by a forgery");
    }

    function test_deactivatedGranteeStopsEverywhereInOneTransaction() public {
        uint256 id = _grant(1 days);
        assertTrue(log.isLive(id) && exchange.isGrantLive(id), "live before");
        directory.setDepartmentActive(TAX, false);
        assertTrue(!exchange.isGrantLive(id) && !exchange.grant(id).live, "exchange says live");
        assertTrue(!exchange.canAccess(TAX, HOUSEHOLD, PURPOSE), "canAccess after deactivation");
        assertTrue(!log.isLive(id), "log says live");
        vm.prank(TAX_OFFICER); // the grant's submitter key
        vm.expectRevert(abi.encodeWithSelector(IDataExchange.DataExchangeGranteeInactive.selector, id));
        log.recordReceipt(id, keccak256("q"), keccak256("r"));
        directory.setDepartmentActive(TAX, true);
        vm.prank(TAX_OFFICER);
        log.recordReceipt(id, keccak256("q"), keccak256("r"));
    }

    function test_emergencyStopReachesReceiptsAndLiveness() public {
        uint256 id = _grant(1 days);
        directory.setModuleClosed(address(exchange), true);
        assertTrue(!exchange.isGrantLive(id) && !exchange.canAccess(TAX, HOUSEHOLD, PURPOSE), "live while closed");
        assertTrue(!log.isLive(id), "log live while closed");
        vm.prank(TAX_OFFICER);
        vm.expectRevert(abi.encodeWithSelector(IDataExchange.DataExchangeClosed.selector, address(exchange)));
        log.recordReceipt(id, keccak256("q"), keccak256("r"));
        directory.setModuleClosed(address(exchange), false);
        assertTrue(exchange.isGrantLive(id), "not live after reopening");
    }

    function testFuzz_receiptRefusedFromExpiryOn(uint256 durationSeed, uint256 afterSeed) public {
        uint40 duration = uint40(bound(durationSeed, 1, exchange.MAX_GRANT_DURATION()));
        uint256 id = _grant(duration);
        uint256 expiresAt = exchange.grant(id).expiresAt;
        assertEq(expiresAt, block.timestamp + duration, "expiry is approval time + duration");
        vm.warp(expiresAt + bound(afterSeed, 0, 3650 days));
        vm.prank(TAX_OFFICER);
        vm.expectRevert(abi.encodeWithSelector(IDataExchange.DataExchangeGrantExpired.selector, id, expiresAt));
        log.recordReceipt(id, keccak256("q"), keccak256("r"));
        assertTrue(!exchange.canAccess(TAX, HOUSEHOLD, PURPOSE), "canAccess after expiry");
    }

    function testFuzz_onlyTheOwnerApproves(address caller) public {
        vm.assume(caller != PSB_OFFICER && caller != address(manager));
        vm.prank(TAX_OFFICER);
        uint256 id = exchange.requestAccess(HOUSEHOLD, TAX, PURPOSE, LEGAL, SCOPE, 1 days, 0);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IDataExchange.DataExchangeUnauthorizedApprover.selector, id, caller));
        exchange.approveRequest(id, bytes32(0), 0);
        assertTrue(exchange.request(id).status == IDataExchange.RequestStatus.Pending, "request decided");
        assertTrue(!exchange.canAccess(TAX, HOUSEHOLD, PURPOSE), "access without approval");
    }

    function testFuzz_onlyTheSubjectKeyRevokesConsent(uint256 forgerKey) public {
        forgerKey = bound(forgerKey, 1, 2 ** 128);
        vm.assume(forgerKey != SUBJECT_KEY);
        uint256 id = _consent(TAX, 0);
        uint256 nonce = exchange.nonces(vm.addr(SUBJECT_KEY));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(forgerKey, revocationDigest(exchange, id, nonce, block.timestamp));
        vm.expectRevert(
            abi.encodeWithSelector(IDataExchange.DataExchangeInvalidSignature.selector, id, vm.addr(forgerKey))
        );
        exchange.revokeConsent(id, nonce, block.timestamp, abi.encodePacked(r, s, v));
        assertTrue(!exchange.consent(id).revoked, "consent revoked by a forger");
        assertEq(exchange.nonces(vm.addr(SUBJECT_KEY)), nonce, "nonce consumed");
    }

    /// @dev The issue's invariant: no receipt is ever accepted without a live grant at that block;
    /// and the converse: the grantee's submitter is never refused while its grant is live.
    /// (One invariant function: each one costs a whole fuzzing campaign.)
    function invariant_receiptsIffLiveGrant() public view {
        assertTrue(!handler.receiptWithoutLiveGrant(), "a receipt was accepted without a live grant");
        assertTrue(!handler.liveGrantRefused(), "a live grant refused its submitter");
        assertTrue(!handler.livenessMismatch(), "isGrantLive or the log's isLive disagreed with the model");
        assertTrue(!handler.deactivatedChangedState(), "a deactivated department changed exchange state");
    }
}

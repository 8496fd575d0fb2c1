// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {ICertificateIssuer} from "../certificates/ICertificateIssuer.sol";
import {IEnterpriseMandates} from "./IEnterpriseMandates.sol";

/**
 * @title EnterpriseMandates
 * @notice Enterprise identity credentials and the representative's mandates to agents (see {IEnterpriseMandates}).
 * @dev The representative proves authority the way a consent subject does at the exchange: an EIP-712 signature
 * over the exact terms, with a per-key sequential nonce and a deadline, so a signature is used once and only for
 * what it says. The key is the one MARKET bound to the enterprise's credential, and only the current binding's
 * key counts: a representative replaced by MARKET can neither grant nor keep mandates.
 */
contract EnterpriseMandates is DepartmentGated, EIP712Upgradeable, IEnterpriseMandates {
    /// @custom:storage-location erc7201:govchain.storage.EnterpriseMandates
    struct EnterpriseMandatesStorage {
        bytes32 market;
        ICertificateIssuer certificates;
        bytes32 identityType;
        bytes32 mandateType;
        mapping(bytes32 enterprise => Enterprise) enterprises;
        mapping(uint256 mandateId => Mandate) mandates;
        mapping(address signer => uint256) nonces;
        uint256 mandateCount;
    }

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.EnterpriseMandates")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xa32ac1efbbc4ab5efcd6d3f2004e2e5112274fe97a90f920cbed1c742dbf5000;

    /// @notice The EIP-712 type the representative signs to authorise an agent.
    bytes32 public constant GRANT_MANDATE_TYPEHASH = keccak256(
        "GrantMandate(bytes32 enterprise,bytes32 mandateHash,address agent,uint64 scope,bytes32 bank,uint40 expiresAt,uint256 nonce,uint256 deadline)"
    );
    /// @notice The EIP-712 type the representative signs to revoke a mandate.
    bytes32 public constant REVOKE_MANDATE_TYPEHASH = keccak256(
        "RevokeMandate(uint256 mandateId,uint256 nonce,uint256 deadline)"
    );

    /// @dev The certificates module's "never expires" (its windows are 40-bit).
    uint64 private constant NO_EXPIRY = type(uint40).max;
    /// @dev Revocation reason recorded on a mandate certificate ended here (the reason code itself is in the event).
    uint16 private constant REVOKED_REASON = 0;

    /**
     * @notice Initializes the proxy.
     * @param market The department that issues identity credentials (MARKET).
     * @param certificates The certificate registry; this contract must be an authorised issuer of both types.
     * @param identityType The managed certificate type of identity credentials.
     * @param mandateType The managed certificate type of authorisation credentials (mandates).
     */
    function initialize(
        address authority,
        IDepartmentDirectory directory_,
        bytes32 market,
        ICertificateIssuer certificates,
        bytes32 identityType,
        bytes32 mandateType
    ) external initializer {
        __DepartmentGated_init(authority, directory_);
        __EIP712_init("govchain EnterpriseMandates", "1");
        if (market == bytes32(0)) revert EnterpriseMandatesZeroValue("market");
        if (address(certificates) == address(0)) revert EnterpriseMandatesZeroValue("certificates");
        if (identityType == bytes32(0)) revert EnterpriseMandatesZeroValue("identityType");
        if (mandateType == bytes32(0)) revert EnterpriseMandatesZeroValue("mandateType");
        EnterpriseMandatesStorage storage $ = _getStorage();
        ($.market, $.certificates, $.identityType, $.mandateType) = (market, certificates, identityType, mandateType);
    }

    // ── identity credentials ─────────────────────────────────────────────────

    /// @inheritdoc IEnterpriseMandates
    function bindEnterprise(
        bytes32 enterprise_,
        bytes32 credential,
        address representative,
        uint64 validUntil
    ) external restricted {
        EnterpriseMandatesStorage storage $ = _getStorage();
        _checkOfficer($.market, msg.sender);
        if (enterprise_ == bytes32(0)) revert EnterpriseMandatesZeroValue("enterprise");
        if (credential == bytes32(0)) revert EnterpriseMandatesZeroValue("credential");
        if (representative == address(0)) revert EnterpriseMandatesZeroValue("representative");
        Enterprise storage e = $.enterprises[enterprise_];
        if (e.revoked) revert EnterpriseMandatesEnterpriseRevoked(enterprise_);
        bytes32 previous = e.credential;
        uint32 epoch = ++e.epoch;
        (e.credential, e.representative) = (credential, representative);
        emit EnterpriseBound(enterprise_, credential, representative, epoch, validUntil, msg.sender);
        $.certificates.issueFor(
            $.identityType,
            credential,
            enterprise_,
            uint64(block.timestamp),
            validUntil == 0 ? NO_EXPIRY : validUntil,
            previous
        );
    }

    /// @inheritdoc IEnterpriseMandates
    function revokeEnterprise(bytes32 enterprise_, uint16 reason) external restricted {
        EnterpriseMandatesStorage storage $ = _getStorage();
        _checkOfficer($.market, msg.sender);
        Enterprise storage e = _liveEnterprise(enterprise_);
        e.revoked = true;
        ++e.epoch;
        emit EnterpriseRevoked(enterprise_, e.credential, reason, msg.sender);
        $.certificates.revokeFor($.identityType, e.credential, reason);
    }

    // ── mandates ─────────────────────────────────────────────────────────────

    /// @inheritdoc IEnterpriseMandates
    // One signature check, one certificate and one mandate record: splitting it would scatter the rule.
    // solhint-disable-next-line function-max-lines
    function grantMandate(
        MandateTerms calldata terms,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external restricted returns (uint256 mandateId) {
        EnterpriseMandatesStorage storage $ = _getStorage();
        Enterprise storage e = _liveEnterprise(terms.enterprise);
        if (terms.mandateHash == bytes32(0)) revert EnterpriseMandatesZeroValue("mandateHash");
        if (terms.agent == address(0)) revert EnterpriseMandatesZeroValue("agent");
        if (terms.scope == 0) revert EnterpriseMandatesZeroValue("scope");
        if (terms.expiresAt <= block.timestamp) revert EnterpriseMandatesInvalidExpiry(terms.expiresAt);
        bytes32 structHash = keccak256(
            abi.encode(
                GRANT_MANDATE_TYPEHASH,
                terms.enterprise,
                terms.mandateHash,
                terms.agent,
                terms.scope,
                terms.bank,
                terms.expiresAt,
                nonce,
                deadline
            )
        );
        _useSignature(e.representative, structHash, nonce, deadline, signature);
        mandateId = ++$.mandateCount;
        $.mandates[mandateId] = Mandate({
            enterprise: terms.enterprise,
            mandateHash: terms.mandateHash,
            bank: terms.bank,
            agent: terms.agent,
            expiresAt: terms.expiresAt,
            epoch: e.epoch,
            revoked: false,
            scope: terms.scope
        });
        emit MandateGranted(
            mandateId,
            terms.enterprise,
            terms.agent,
            terms.mandateHash,
            terms.scope,
            terms.bank,
            terms.expiresAt,
            msg.sender
        );
        $.certificates.issueFor(
            $.mandateType,
            terms.mandateHash,
            terms.enterprise,
            uint64(block.timestamp),
            terms.expiresAt,
            bytes32(0)
        );
    }

    /// @inheritdoc IEnterpriseMandates
    function revokeMandate(
        uint256 mandateId,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external restricted {
        Mandate storage m = _unrevokedMandate(mandateId);
        Enterprise storage e = _liveEnterprise(m.enterprise);
        bytes32 structHash = keccak256(abi.encode(REVOKE_MANDATE_TYPEHASH, mandateId, nonce, deadline));
        _useSignature(e.representative, structHash, nonce, deadline, signature);
        _revoke(mandateId, m, false, bytes32(0));
    }

    /// @inheritdoc IEnterpriseMandates
    function revokeMandateByMarket(uint256 mandateId, bytes32 reason) external restricted {
        _checkOfficer(_getStorage().market, msg.sender);
        _revoke(mandateId, _unrevokedMandate(mandateId), true, reason);
    }

    /// @inheritdoc IEnterpriseMandates
    function actFor(uint256 mandateId, bytes32 bank, uint64 action, bytes32 ref) external restricted {
        Mandate storage m = _checkMandate(mandateId, msg.sender, bank, action);
        emit AgentActed(mandateId, m.enterprise, bank, action, ref, msg.sender);
    }

    // ── views ────────────────────────────────────────────────────────────────

    /// @inheritdoc IEnterpriseMandates
    function checkMandate(uint256 mandateId, address agent, bytes32 bank, uint64 action) external view {
        _checkMandate(mandateId, agent, bank, action);
    }

    /// @inheritdoc IEnterpriseMandates
    function isMandateValid(
        uint256 mandateId,
        address agent,
        bytes32 bank,
        uint64 action
    ) external view returns (bool) {
        try this.checkMandate(mandateId, agent, bank, action) {
            return true;
        } catch {
            return false;
        }
    }

    /// @inheritdoc IEnterpriseMandates
    function isRepresentative(bytes32 enterprise_, address account) external view returns (bool) {
        EnterpriseMandatesStorage storage $ = _getStorage();
        Enterprise storage e = $.enterprises[enterprise_];
        return
            account != address(0) &&
            !e.revoked &&
            e.representative == account &&
            $.certificates.isValid($.identityType, e.credential);
    }

    /// @inheritdoc IEnterpriseMandates
    function enterpriseOf(bytes32 enterprise_) external view returns (Enterprise memory) {
        return _getStorage().enterprises[enterprise_];
    }

    /// @inheritdoc IEnterpriseMandates
    function mandate(uint256 mandateId) external view returns (Mandate memory) {
        Mandate storage m = _getStorage().mandates[mandateId];
        if (m.agent == address(0)) revert EnterpriseMandatesUnknownMandate(mandateId);
        return m;
    }

    /// @inheritdoc IEnterpriseMandates
    function mandateCount() external view returns (uint256) {
        return _getStorage().mandateCount;
    }

    /// @inheritdoc IEnterpriseMandates
    function nonces(address signer) external view returns (uint256) {
        return _getStorage().nonces[signer];
    }

    /// @inheritdoc IEnterpriseMandates
    function config()
        external
        view
        returns (bytes32 market, address certificates, bytes32 identityType, bytes32 mandateType)
    {
        EnterpriseMandatesStorage storage $ = _getStorage();
        return ($.market, address($.certificates), $.identityType, $.mandateType);
    }

    // ── internals ────────────────────────────────────────────────────────────

    /// @dev The one place the mandate rule lives (used by {actFor}, {checkMandate}, {isMandateValid}).
    function _checkMandate(
        uint256 mandateId,
        address agent,
        bytes32 bank,
        uint64 action
    ) private view returns (Mandate storage m) {
        EnterpriseMandatesStorage storage $ = _getStorage();
        m = $.mandates[mandateId];
        if (m.agent == address(0)) revert EnterpriseMandatesUnknownMandate(mandateId);
        if (m.revoked) revert EnterpriseMandatesMandateRevoked(mandateId);
        if (block.timestamp >= m.expiresAt) revert EnterpriseMandatesMandateExpired(mandateId, m.expiresAt);
        Enterprise storage e = $.enterprises[m.enterprise];
        // A re-bound or revoked enterprise, or a credential that lapsed, ends the mandate.
        if (e.epoch != m.epoch || !$.certificates.isValid($.identityType, e.credential)) {
            revert EnterpriseMandatesBindingEnded(mandateId, m.epoch, e.epoch);
        }
        if (agent != m.agent) revert EnterpriseMandatesNotAgent(mandateId, agent);
        // Exactly one action, inside the scope: a combined "action" could smuggle a bit through.
        if (action == 0 || action & (action - 1) != 0 || m.scope & action == 0) {
            revert EnterpriseMandatesOutOfScope(mandateId, action, m.scope);
        }
        if (bank == bytes32(0) || (m.bank != bytes32(0) && m.bank != bank)) {
            revert EnterpriseMandatesWrongBank(mandateId, bank, m.bank);
        }
    }

    function _revoke(uint256 mandateId, Mandate storage m, bool byMarket, bytes32 reason) private {
        m.revoked = true;
        EnterpriseMandatesStorage storage $ = _getStorage();
        emit MandateRevoked(mandateId, m.enterprise, byMarket, reason, msg.sender);
        $.certificates.revokeFor($.mandateType, m.mandateHash, REVOKED_REASON);
    }

    function _unrevokedMandate(uint256 mandateId) private view returns (Mandate storage m) {
        m = _getStorage().mandates[mandateId];
        if (m.agent == address(0)) revert EnterpriseMandatesUnknownMandate(mandateId);
        if (m.revoked) revert EnterpriseMandatesMandateRevoked(mandateId);
    }

    function _liveEnterprise(bytes32 enterprise_) private view returns (Enterprise storage e) {
        e = _getStorage().enterprises[enterprise_];
        if (e.credential == bytes32(0)) revert EnterpriseMandatesUnknownEnterprise(enterprise_);
        if (e.revoked) revert EnterpriseMandatesEnterpriseRevoked(enterprise_);
    }

    /// @dev The exchange's signature rule: deadline, the signer's next nonce, then the signature itself.
    function _useSignature(
        address signer,
        bytes32 structHash,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) private {
        if (block.timestamp > deadline) revert EnterpriseMandatesSignatureExpired(deadline);
        EnterpriseMandatesStorage storage $ = _getStorage();
        uint256 expected = $.nonces[signer];
        if (nonce != expected) revert EnterpriseMandatesInvalidNonce(signer, expected, nonce);
        (address recovered, , ) = ECDSA.tryRecover(_hashTypedDataV4(structHash), signature);
        if (recovered != signer) revert EnterpriseMandatesInvalidSignature(signer, recovered);
        $.nonces[signer] = expected + 1;
    }

    function _getStorage() private pure returns (EnterpriseMandatesStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}

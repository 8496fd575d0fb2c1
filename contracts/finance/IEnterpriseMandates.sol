// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title IEnterpriseMandates
 * @notice City Financial Electronic Identity (issue 15 §3): an enterprise's identity credential, issued by the
 * market regulator (MARKET) and bound to the enterprise's salted commitment of its unified social credit code,
 * and the **mandates** (authorisation credentials) by which its legal representative authorises an agent to act
 * for it at banks, with a scope and an expiry.
 * @dev Both credentials are certificates of contract-managed types in the certificate registry (this contract
 * issues and revokes them through {ICertificateIssuer}), so a bank verifies them like any certificate, with no
 * key; the mandate's terms (agent, scope, bank, expiry) are read here.
 * The representative is not a department: MARKET binds the representative's key to the enterprise when it
 * issues the credential, and that key proves the representative's authority by EIP-712 signatures (nonce and
 * deadline, never replayable). A new binding (new representative, renewed credential) or the credential's
 * revocation ends every mandate of the earlier binding at once (the binding's `epoch`).
 */
interface IEnterpriseMandates {
    /// @notice An enterprise's current binding: its identity credential and its representative's key.
    struct Enterprise {
        /// @dev The identity credential's hash (certificate of the identity type); 0 = never registered.
        bytes32 credential;
        address representative;
        /// @dev Bumped by every binding and by revocation: mandates of an earlier epoch are void.
        uint32 epoch;
        bool revoked;
    }

    /// @notice What the representative signs to authorise an agent.
    struct MandateTerms {
        bytes32 enterprise;
        /// @dev The authorisation credential's hash (the signed mandate document, off chain).
        bytes32 mandateHash;
        /// @dev The agent's key: the agent acts with it (and a bank checks it signed the agent's request).
        address agent;
        /// @dev Bit set of the actions allowed (SDK: MANDATE_SCOPES, e.g. OPEN_ACCOUNT, BORROW).
        uint64 scope;
        /// @dev The one bank (department code) it is valid at; 0 = any bank.
        bytes32 bank;
        uint40 expiresAt;
    }

    /// @notice A mandate as stored (id = its sequence number).
    struct Mandate {
        bytes32 enterprise;
        bytes32 mandateHash;
        bytes32 bank;
        address agent;
        uint40 expiresAt;
        uint32 epoch;
        bool revoked;
        uint64 scope;
    }

    /// @notice MARKET issued (or re-issued) `enterprise`'s identity credential and bound its representative.
    event EnterpriseBound(
        bytes32 indexed enterprise,
        bytes32 indexed credential,
        address indexed representative,
        uint32 epoch,
        uint64 validUntil,
        address officer
    );
    /// @notice MARKET revoked `enterprise`'s identity credential (deregistered, struck off): every mandate ends.
    event EnterpriseRevoked(bytes32 indexed enterprise, bytes32 indexed credential, uint16 reason, address officer);
    /// @notice The representative authorised `agent` (relayed by `actor`).
    event MandateGranted(
        uint256 indexed mandateId,
        bytes32 indexed enterprise,
        address indexed agent,
        bytes32 mandateHash,
        uint64 scope,
        bytes32 bank,
        uint40 expiresAt,
        address actor
    );
    /// @notice A mandate was revoked: `byMarket` false = by the representative's signature.
    event MandateRevoked(
        uint256 indexed mandateId,
        bytes32 indexed enterprise,
        bool byMarket,
        bytes32 reason,
        address actor
    );
    /// @notice An agent acted for the enterprise under a mandate (`ref`: hash of the request it made at `bank`).
    event AgentActed(
        uint256 indexed mandateId,
        bytes32 indexed enterprise,
        bytes32 indexed bank,
        uint64 action,
        bytes32 ref,
        address agent
    );

    /// @notice A required value is zero (`field`: its name).
    error EnterpriseMandatesZeroValue(bytes32 field);
    /// @notice No identity credential was ever issued to `enterprise`.
    error EnterpriseMandatesUnknownEnterprise(bytes32 enterprise);
    /// @notice `enterprise`'s identity credential was revoked.
    error EnterpriseMandatesEnterpriseRevoked(bytes32 enterprise);
    /// @notice The signature's deadline has passed.
    error EnterpriseMandatesSignatureExpired(uint256 deadline);
    /// @notice The nonce is not the signer's next one (a replayed or skipped signature).
    error EnterpriseMandatesInvalidNonce(address signer, uint256 expected, uint256 given);
    /// @notice The terms are not signed by the enterprise's representative key (`recovered` signed them).
    error EnterpriseMandatesInvalidSignature(address representative, address recovered);
    /// @notice The expiry is in the past.
    error EnterpriseMandatesInvalidExpiry(uint256 expiresAt);
    /// @notice No mandate has this id.
    error EnterpriseMandatesUnknownMandate(uint256 mandateId);
    /// @notice The mandate was revoked.
    error EnterpriseMandatesMandateRevoked(uint256 mandateId);
    /// @notice The mandate has expired.
    error EnterpriseMandatesMandateExpired(uint256 mandateId, uint256 expiredAt);
    /// @notice The mandate's binding ended (new representative, re-issued or revoked identity credential).
    error EnterpriseMandatesBindingEnded(uint256 mandateId, uint32 epoch, uint32 current);
    /// @notice `account` is not the mandate's agent.
    error EnterpriseMandatesNotAgent(uint256 mandateId, address account);
    /// @notice `action` is not a single action within the mandate's `scope`.
    error EnterpriseMandatesOutOfScope(uint256 mandateId, uint64 action, uint64 scope);
    /// @notice The mandate is valid at `allowed` only, not at `bank`.
    error EnterpriseMandatesWrongBank(uint256 mandateId, bytes32 bank, bytes32 allowed);

    /**
     * @notice Issues `enterprise`'s identity credential `credential` (superseding its current one) and binds its
     * representative's key; mandates of the earlier binding end. Caller: an officer of MARKET.
     * @param enterprise Salted commitment of the enterprise's unified social credit code (SDK `enterpriseCommitment`).
     * @param validUntil The credential's end (0: open-ended).
     */
    function bindEnterprise(bytes32 enterprise, bytes32 credential, address representative, uint64 validUntil) external;

    /// @notice Revokes `enterprise`'s identity credential for good; every mandate ends. Caller: an officer of MARKET.
    function revokeEnterprise(bytes32 enterprise, uint16 reason) external;

    /**
     * @notice Records a mandate signed by the enterprise's representative key: EIP-712 `GrantMandate(bytes32
     * enterprise,bytes32 mandateHash,address agent,uint64 scope,bytes32 bank,uint40 expiresAt,uint256 nonce,
     * uint256 deadline)` with the key's next nonce. Anyone may relay it. Issues the authorisation credential.
     */
    function grantMandate(
        MandateTerms calldata terms,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 mandateId);

    /// @notice Revokes a mandate with the current representative's EIP-712 signature `RevokeMandate(uint256
    /// mandateId,uint256 nonce,uint256 deadline)`; anyone may relay it.
    function revokeMandate(uint256 mandateId, uint256 nonce, uint256 deadline, bytes calldata signature) external;

    /// @notice Revokes a mandate (e.g. on a court's or the regulator's finding). Caller: an officer of MARKET.
    function revokeMandateByMarket(uint256 mandateId, bytes32 reason) external;

    /// @notice Records that the caller, the mandate's agent, acts for the enterprise at `bank` for one `action`.
    function actFor(uint256 mandateId, bytes32 bank, uint64 action, bytes32 ref) external;

    /// @notice Reverts with the reason unless `agent` may take `action` at `bank` under the mandate now.
    function checkMandate(uint256 mandateId, address agent, bytes32 bank, uint64 action) external view;

    /// @notice Whether `agent` may take `action` at `bank` under the mandate now.
    function isMandateValid(uint256 mandateId, address agent, bytes32 bank, uint64 action) external view returns (bool);

    /// @notice Whether `account` is `enterprise`'s representative now (credential valid, not revoked).
    function isRepresentative(bytes32 enterprise, address account) external view returns (bool);

    /// @notice `enterprise`'s current binding (all zero when never registered).
    function enterpriseOf(bytes32 enterprise) external view returns (Enterprise memory);

    function mandate(uint256 mandateId) external view returns (Mandate memory);

    function mandateCount() external view returns (uint256);

    /// @notice The next nonce a representative key must sign with.
    function nonces(address signer) external view returns (uint256);

    /// @notice The wiring: MARKET's code, the certificate registry, the identity and mandate certificate types.
    function config()
        external
        view
        returns (bytes32 market, address certificates, bytes32 identityType, bytes32 mandateType);
}

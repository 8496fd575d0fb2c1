// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IDataExchange} from "../exchange/IDataExchange.sol";

/**
 * @title ILenderAccess
 * @notice Exchange reads for lenders that are not banks: a participant accredited in the lender role records the
 * enterprise's consent, requests the enterprise's standing datasets and records each read, as a bank department's
 * officer does in the exchange, through a desk department of which this contract is an officer.
 * @dev The exchange knows departments only: the desk is the grants' grantee. Each lender is kept apart by the
 * purpose: the consent the enterprise signs, the request and the grant carry `purposeOf(lender)` (the credit
 * purpose bound to that lender's address), so one lender can neither use another's consent nor read on another's
 * grant. The lender must be accredited at the moment of each act (revoked or expired: refused).
 */
interface ILenderAccess {
    /// @notice What the contract works with (set once at initialisation).
    struct Wiring {
        IDataExchange exchange;
        /// @dev The participant registry where lenders are accredited in `lenderRole`.
        address participants;
        bytes32 lenderRole;
        /// @dev The department this contract is an officer of; the grantee of every lender grant (FINREG).
        bytes32 desk;
        /// @dev The credit purpose (SME_CREDIT_ASSESSMENT); each lender's exchange purpose is derived from it.
        bytes32 creditPurpose;
    }

    /// @notice `lender` recorded the enterprise's (`subject`'s) consent `consentId` to it.
    event LenderConsentRecorded(uint256 indexed consentId, bytes32 indexed subject, address indexed lender);
    /// @notice `lender` requested `dataset` under consent `consentId`: exchange request (later grant) `requestId`.
    event LenderAccessRequested(
        uint256 indexed requestId,
        address indexed lender,
        bytes32 indexed dataset,
        uint256 consentId
    );
    /// @notice `lender` read under grant `grantId` (the receipt log's AccessRecorded carries the same hashes).
    event LenderRead(uint256 indexed grantId, address indexed lender, bytes32 queryHash, bytes32 responseHash);

    /// @notice A wiring field is zero.
    error LenderAccessZeroValue(bytes32 field);
    /// @notice The consent is not to the desk for this lender's purpose.
    error LenderAccessWrongConsentTerms(bytes32 department, bytes32 purpose, bytes32 expectedPurpose);
    /// @notice The grant is not the desk's grant for this lender's purpose.
    error LenderAccessNotGrantLender(uint256 grantId, address account);

    /// @notice Records the enterprise's signed consent to the caller (an accredited lender): its terms name the
    /// desk and `purposeOf(caller)`. Returns the exchange's consent id.
    function recordConsent(
        IDataExchange.ConsentTerms calldata terms,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 consentId);

    /// @notice Requests `dataset` for the caller (an accredited lender) under its consent `consentId`; the dataset's
    /// owner approves in the exchange as for any department. Returns the request (grant) id.
    function requestAccess(
        bytes32 dataset,
        bytes32 scopeHash,
        uint40 duration,
        uint256 consentId
    ) external returns (uint256 requestId);

    /// @notice Records one read by the caller (an accredited lender, now) under its live grant `grantId`.
    function recordReceipt(uint256 grantId, bytes32 queryHash, bytes32 responseHash) external;

    /// @notice The exchange purpose of `lender`'s consents, requests and grants.
    function purposeOf(address lender) external view returns (bytes32);

    /// @notice The wiring.
    function wiring() external view returns (Wiring memory);
}

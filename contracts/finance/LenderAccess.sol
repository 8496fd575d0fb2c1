// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {IParticipantRegistry} from "../access/IParticipantRegistry.sol";
import {IDataExchange} from "../exchange/IDataExchange.sol";
import {IReceiptLog} from "../exchange/IReceiptLog.sol";
import {ILenderAccess} from "./ILenderAccess.sol";

/**
 * @title LenderAccess
 * @notice A participant lender's path to the exchange (see {ILenderAccess}): the same consent, request, approval
 * and receipt machinery as a bank department's, with the lender's accreditation checked at every act.
 * @dev Holds no state of its own beyond the wiring: which lender a grant belongs to is its purpose
 * ({purposeOf}), checked against the exchange's record of the grant. The exchange still applies all its rules
 * (consent live and covering the dataset, the owner's approval, expiry, revocation, the desk active, the stop).
 */
contract LenderAccess is DepartmentGated, ILenderAccess {
    bytes32 private constant PURPOSE_TAG = keccak256("govchain.finance.lenderPurpose");
    /// @dev The legal basis every lender request cites (the enterprise's consent, as a bank's request does).
    bytes32 private constant LEGAL_BASIS = "ENTERPRISE_CONSENT";

    /// @custom:storage-location erc7201:govchain.storage.LenderAccess
    struct LenderAccessStorage {
        Wiring wiring;
    }

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.LenderAccess")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xb4885e8cf9bf2edc5fd29573fca83feb3c831702d1244a2e826243a9a1bbe300;

    function initialize(
        address authority,
        IDepartmentDirectory directory_,
        Wiring calldata wiring_
    ) external initializer {
        __DepartmentGated_init(authority, directory_);
        if (address(wiring_.exchange) == address(0)) revert LenderAccessZeroValue("exchange");
        if (wiring_.participants == address(0)) revert LenderAccessZeroValue("participants");
        if (wiring_.lenderRole == bytes32(0)) revert LenderAccessZeroValue("lenderRole");
        if (wiring_.desk == bytes32(0)) revert LenderAccessZeroValue("desk");
        if (wiring_.creditPurpose == bytes32(0)) revert LenderAccessZeroValue("creditPurpose");
        _getStorage().wiring = wiring_;
    }

    /// @inheritdoc ILenderAccess
    function recordConsent(
        IDataExchange.ConsentTerms calldata terms,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external restricted returns (uint256 consentId) {
        Wiring memory w = _lender();
        bytes32 expected = purposeOf(msg.sender);
        if (terms.department != w.desk || terms.purpose != expected) {
            revert LenderAccessWrongConsentTerms(terms.department, terms.purpose, expected);
        }
        consentId = w.exchange.recordConsent(terms, nonce, deadline, signature);
        emit LenderConsentRecorded(consentId, terms.subject, msg.sender);
    }

    /// @inheritdoc ILenderAccess
    function requestAccess(
        bytes32 dataset,
        bytes32 scopeHash,
        uint40 duration,
        uint256 consentId
    ) external restricted returns (uint256 requestId) {
        Wiring memory w = _lender();
        // The exchange checks the consent: live, to the desk, for this purpose (so for this lender), this dataset.
        requestId = w.exchange.requestAccess(
            dataset,
            w.desk,
            purposeOf(msg.sender),
            LEGAL_BASIS,
            scopeHash,
            duration,
            consentId
        );
        emit LenderAccessRequested(requestId, msg.sender, dataset, consentId);
    }

    /// @inheritdoc ILenderAccess
    function recordReceipt(uint256 grantId, bytes32 queryHash, bytes32 responseHash) external restricted {
        Wiring memory w = _lender();
        IDataExchange.Grant memory g = w.exchange.grant(grantId);
        if (g.grantee != w.desk || g.purpose != purposeOf(msg.sender)) {
            revert LenderAccessNotGrantLender(grantId, msg.sender);
        }
        // The receipt log refuses a grant that is not live (expired, revoked, consent revoked, desk inactive).
        IReceiptLog(w.exchange.receiptLog()).recordReceipt(grantId, queryHash, responseHash);
        emit LenderRead(grantId, msg.sender, queryHash, responseHash);
    }

    /// @inheritdoc ILenderAccess
    function purposeOf(address lender) public view returns (bytes32) {
        return keccak256(abi.encode(PURPOSE_TAG, _getStorage().wiring.creditPurpose, lender));
    }

    /// @inheritdoc ILenderAccess
    function wiring() external view returns (Wiring memory) {
        return _getStorage().wiring;
    }

    /// @dev The wiring, once the caller is checked: accredited in the lender role now.
    function _lender() private view returns (Wiring memory w) {
        w = _getStorage().wiring;
        IParticipantRegistry(w.participants).checkAccredited(w.lenderRole, msg.sender);
    }

    function _getStorage() private pure returns (LenderAccessStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}

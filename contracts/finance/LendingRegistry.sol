// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {IParticipantRegistry} from "../access/IParticipantRegistry.sol";
import {ICertificateIssuer} from "../certificates/ICertificateIssuer.sol";
import {IDataExchange} from "../exchange/IDataExchange.sol";
import {IEnterpriseMandates} from "./IEnterpriseMandates.sol";
import {ILendingRegistry} from "./ILendingRegistry.sol";

/**
 * @title LendingRegistry
 * @notice SME loans as facts both sides signed, single pledges of receivables, and outcome disclosure backed by
 * consent or law (see {ILendingRegistry}).
 * @dev The enterprise's side is proved like a mandate: an EIP-712 signature by the representative key MARKET bound
 * to its identity credential ({IEnterpriseMandates-isRepresentative}), with a nonce and a deadline. Disclosure
 * reuses the exchange's consent records: the consent the enterprise signed for the recipient lender is the one the
 * exchange already keeps (and the enterprise revokes there), so there is one consent machinery in the suite.
 */
contract LendingRegistry is DepartmentGated, EIP712Upgradeable, ILendingRegistry {
    /// @notice The wiring, set once at initialisation (the SDK reads it back with {wiring}).
    struct Wiring {
        IEnterpriseMandates mandates;
        ICertificateIssuer certificates;
        IDataExchange exchange;
        /// @dev Zero until the city runs a participant registry: only bank departments lend then.
        IParticipantRegistry participants;
        bytes32 mortgageType;
        /// @dev The certificate type receivables rest on (e-invoices); zero: receivables are not checked there.
        bytes32 receivableType;
        bytes32 lenderRole;
        bytes32 legalBasisDepartment;
        bytes32 disclosurePurpose;
    }

    /// @custom:storage-location erc7201:govchain.storage.LendingRegistry
    struct LendingRegistryStorage {
        Wiring wiring;
        mapping(uint256 loanId => Loan) loans;
        mapping(bytes32 receivable => uint256 loanId) pledges;
        mapping(bytes32 key => bool) legalBases;
        mapping(address signer => uint256) nonces;
        uint256 loanCount;
        /// @dev A lender department's officer role (immutable in the directory) and inactive flag (pushed by the
        /// directory), cached when it first records a loan: the pledge checks its officer without the directory.
        mapping(bytes32 department => LenderDepartment) lenderDepartments;
    }

    struct LenderDepartment {
        uint64 officerRole;
        bool known;
        bool inactive;
    }

    /// @dev `pledges[receivable]` once a loan names it and no active loan holds it: the slot exists from the loan's
    /// recording on, so the pledge (the frequent operation) writes a non-zero slot, not a fresh one (22,100 gas).
    uint256 private constant NOT_PLEDGED = type(uint256).max;

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.LendingRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x4bdb03f282d3cdf739efa5b1b62d27da1cdafe481b0a34ae2e6f0510777c5b00;

    /// @notice The EIP-712 type the enterprise's representative signs to agree to a loan.
    bytes32 public constant RECORD_LOAN_TYPEHASH = keccak256(
        "RecordLoan(bytes32 enterprise,bytes32 lender,bytes32 contractHash,uint8 amountBand,uint16 termMonths,uint8 collateralKind,bytes32 collateral,uint256 nonce,uint256 deadline)"
    );

    /// @notice Initializes the proxy with its wiring (see {Wiring}).
    function initialize(
        address authority,
        IDepartmentDirectory directory_,
        Wiring calldata wiring_
    ) external initializer {
        __DepartmentGated_init(authority, directory_);
        __EIP712_init("govchain LendingRegistry", "1");
        if (address(wiring_.mandates) == address(0)) revert LendingRegistryZeroValue("mandates");
        if (address(wiring_.certificates) == address(0)) revert LendingRegistryZeroValue("certificates");
        if (address(wiring_.exchange) == address(0)) revert LendingRegistryZeroValue("exchange");
        if (wiring_.mortgageType == bytes32(0)) revert LendingRegistryZeroValue("mortgageType");
        if (wiring_.legalBasisDepartment == bytes32(0)) revert LendingRegistryZeroValue("legalBasisDepartment");
        if (wiring_.disclosurePurpose == bytes32(0)) revert LendingRegistryZeroValue("disclosurePurpose");
        _getStorage().wiring = wiring_;
    }

    /// @inheritdoc ILendingRegistry
    function recordLoan(
        LoanTerms calldata terms,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external restricted returns (uint256 loanId) {
        LendingRegistryStorage storage $ = _getStorage();
        _checkLender(terms.lender, msg.sender);
        if (terms.enterprise == bytes32(0)) revert LendingRegistryZeroValue("enterprise");
        if (terms.contractHash == bytes32(0)) revert LendingRegistryZeroValue("contractHash");
        if (terms.amountBand == 0) revert LendingRegistryZeroValue("amountBand");
        if (terms.termMonths == 0) revert LendingRegistryZeroValue("termMonths");
        _checkCollateral(terms.collateralKind, terms.collateral);
        _checkEnterpriseSignature(terms, nonce, deadline, signature);
        loanId = ++$.loanCount;
        $.loans[loanId] = Loan({
            lender: terms.lender,
            status: LoanStatus.Active,
            collateralKind: terms.collateralKind,
            startedAt: uint40(block.timestamp),
            termMonths: terms.termMonths,
            amountBand: terms.amountBand,
            collateralTag: bytes22(terms.collateral),
            collateral: terms.collateral,
            enterprise: terms.enterprise,
            outcome: bytes32(0)
        });
        if (terms.collateralKind == CollateralKind.Receivable && $.pledges[terms.collateral] == 0) {
            $.pledges[terms.collateral] = NOT_PLEDGED;
        }
        emit LoanRecorded(
            loanId,
            terms.enterprise,
            terms.lender,
            terms.contractHash,
            terms.amountBand,
            terms.termMonths,
            terms.collateralKind,
            terms.collateral,
            msg.sender
        );
    }

    /// @inheritdoc ILendingRegistry
    function pledge(uint256 loanId, bytes32 receivable) external restricted {
        LendingRegistryStorage storage $ = _getStorage();
        Loan storage record = $.loans[loanId];
        if (record.status == LoanStatus.None) revert LendingRegistryUnknownLoan(loanId);
        _checkLenderCached(record.lender, msg.sender);
        if (record.status != LoanStatus.Active) revert LendingRegistryLoanNotActive(loanId);
        // The tag is 176 bits of the agreed receivable: matching it with another receivable is a second preimage.
        if (record.collateralKind != CollateralKind.Receivable || record.collateralTag != bytes22(receivable)) {
            revert LendingRegistryNotLoanCollateral(loanId, receivable);
        }
        uint256 holder = $.pledges[receivable];
        if (holder != NOT_PLEDGED) revert LendingRegistryAlreadyPledged(receivable, holder);
        $.pledges[receivable] = loanId;
        emit ReceivablePledged(loanId, receivable, msg.sender);
    }

    /// @inheritdoc ILendingRegistry
    function closeLoan(uint256 loanId, bytes32 outcome) external restricted {
        LendingRegistryStorage storage $ = _getStorage();
        Loan storage record = _activeLoan(loanId);
        _checkLenderCached(record.lender, msg.sender);
        if (outcome == bytes32(0)) revert LendingRegistryZeroValue("outcome");
        record.status = LoanStatus.Closed;
        record.outcome = outcome;
        if (record.collateralKind == CollateralKind.Receivable && $.pledges[record.collateral] == loanId) {
            $.pledges[record.collateral] = NOT_PLEDGED;
        }
        emit LoanClosed(loanId, outcome, msg.sender);
    }

    /// @inheritdoc ILendingRegistry
    function recordLegalBasis(bytes32 enterprise, bytes32 basis) external restricted {
        LendingRegistryStorage storage $ = _getStorage();
        _checkOfficer($.wiring.legalBasisDepartment, msg.sender);
        if (enterprise == bytes32(0)) revert LendingRegistryZeroValue("enterprise");
        if (basis == bytes32(0)) revert LendingRegistryZeroValue("basis");
        $.legalBases[keccak256(abi.encode(enterprise, basis))] = true;
        emit LegalBasisRecorded(enterprise, basis, msg.sender);
    }

    /// @inheritdoc ILendingRegistry
    function discloseOutcome(
        uint256 loanId,
        bytes32 recipient,
        uint256 consentId,
        bytes32 legalBasis
    ) external restricted {
        LendingRegistryStorage storage $ = _getStorage();
        Loan storage record = $.loans[loanId];
        if (record.status == LoanStatus.None) revert LendingRegistryUnknownLoan(loanId);
        _checkLenderCached(record.lender, msg.sender);
        if (record.status != LoanStatus.Closed) revert LendingRegistryLoanNotActive(loanId);
        if (recipient == bytes32(0) || recipient == record.lender) revert LendingRegistryZeroValue("recipient");
        bool backed =
            legalBasis != bytes32(0)
                ? $.legalBases[keccak256(abi.encode(record.enterprise, legalBasis))]
                : _consentBacks(consentId, record.enterprise, recipient);
        if (!backed) revert LendingRegistryNoDisclosureBasis(loanId, recipient);
        emit OutcomeDisclosed(loanId, recipient, consentId, legalBasis, msg.sender);
    }

    // ── views ────────────────────────────────────────────────────────────────

    /// @inheritdoc ILendingRegistry
    function loan(uint256 loanId) external view returns (Loan memory) {
        Loan storage record = _getStorage().loans[loanId];
        if (record.status == LoanStatus.None) revert LendingRegistryUnknownLoan(loanId);
        return record;
    }

    /// @inheritdoc ILendingRegistry
    function loanCount() external view returns (uint256) {
        return _getStorage().loanCount;
    }

    /// @inheritdoc ILendingRegistry
    function pledgedTo(bytes32 receivable) external view returns (uint256) {
        uint256 holder = _getStorage().pledges[receivable];
        return holder == NOT_PLEDGED ? 0 : holder;
    }

    /// @inheritdoc ILendingRegistry
    function nonces(address signer) external view returns (uint256) {
        return _getStorage().nonces[signer];
    }

    /// @inheritdoc ILendingRegistry
    function hasLegalBasis(bytes32 enterprise, bytes32 basis) external view returns (bool) {
        return _getStorage().legalBases[keccak256(abi.encode(enterprise, basis))];
    }

    /// @notice The wiring set at initialisation.
    function wiring() external view returns (Wiring memory) {
        return _getStorage().wiring;
    }

    // ── internals ────────────────────────────────────────────────────────────

    /// @dev The lender rule at recording, live: an officer of the bank department now (its officer role is then
    /// cached for the later calls), or the accredited participant acting as itself.
    function _checkLender(bytes32 lender, address account) private {
        if (lender == bytes32(0)) revert LendingRegistryZeroValue("lender");
        if (_isDepartmentCode(lender)) {
            _checkOfficer(lender, account);
            LenderDepartment storage d = _getStorage().lenderDepartments[lender];
            if (!d.known) {
                (d.officerRole, d.known, d.inactive) = (directory().department(lender).officerRole, true, false);
            }
            return;
        }
        _checkParticipant(lender, account);
    }

    /// @dev The same rule for a recorded loan's lender, on the cached officer role and active flag (see
    /// {DepartmentGated-_checkOfficerCached}): a deactivated bank or a revoked officer stops at once.
    function _checkLenderCached(bytes32 lender, address account) private view {
        if (_isDepartmentCode(lender)) {
            LenderDepartment storage d = _getStorage().lenderDepartments[lender];
            _checkOfficerCached(lender, d.officerRole, !d.inactive, account);
            return;
        }
        _checkParticipant(lender, account);
    }

    function _checkParticipant(bytes32 lender, address account) private view {
        Wiring storage w = _getStorage().wiring;
        if (
            address(w.participants) == address(0) ||
            address(uint160(uint256(lender))) != account ||
            !w.participants.isAccredited(w.lenderRole, account)
        ) revert LendingRegistryUnauthorizedLender(lender, account);
    }

    /// @dev Department codes are left-aligned strings; a participant lender is an address, right-aligned.
    function _isDepartmentCode(bytes32 lender) private pure returns (bool) {
        return uint256(lender) >> 160 != 0;
    }

    /// @dev The directory pushes (de)activations of departments here (this registry is a department listener).
    function _departmentActiveChanged(bytes32 department, bool active) internal override {
        LenderDepartment storage d = _getStorage().lenderDepartments[department];
        if (d.known) d.inactive = !active;
    }

    function _checkCollateral(CollateralKind kind, bytes32 collateral) private view {
        Wiring storage w = _getStorage().wiring;
        if (kind == CollateralKind.None) {
            if (collateral != bytes32(0)) revert LendingRegistryInvalidCollateral(kind, collateral);
            return;
        }
        if (collateral == bytes32(0)) revert LendingRegistryInvalidCollateral(kind, collateral);
        bytes32 certType = kind == CollateralKind.PropertyMortgage ? w.mortgageType : w.receivableType;
        if (certType != bytes32(0) && !w.certificates.isValid(certType, collateral)) {
            revert LendingRegistryInvalidCollateral(kind, collateral);
        }
    }

    function _checkEnterpriseSignature(
        LoanTerms calldata terms,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) private {
        if (block.timestamp > deadline) revert LendingRegistrySignatureExpired(deadline);
        bytes32 structHash = keccak256(
            abi.encode(
                RECORD_LOAN_TYPEHASH,
                terms.enterprise,
                terms.lender,
                terms.contractHash,
                terms.amountBand,
                terms.termMonths,
                terms.collateralKind,
                terms.collateral,
                nonce,
                deadline
            )
        );
        (address recovered, , ) = ECDSA.tryRecover(_hashTypedDataV4(structHash), signature);
        LendingRegistryStorage storage $ = _getStorage();
        if (!$.wiring.mandates.isRepresentative(terms.enterprise, recovered)) {
            revert LendingRegistryInvalidSignature(terms.enterprise, recovered);
        }
        uint256 expected = $.nonces[recovered];
        if (nonce != expected) revert LendingRegistryInvalidNonce(recovered, expected, nonce);
        $.nonces[recovered] = expected + 1;
    }

    /// @dev A live exchange consent of `enterprise` to `recipient` for the disclosure purpose, signed by its representative.
    function _consentBacks(uint256 consentId, bytes32 enterprise, bytes32 recipient) private view returns (bool) {
        if (consentId == 0) return false;
        Wiring storage w = _getStorage().wiring;
        IDataExchange.Consent memory c = w.exchange.consent(consentId);
        return
            c.subject == enterprise &&
            c.department == recipient &&
            c.purpose == w.disclosurePurpose &&
            !c.revoked &&
            c.expiresAt > block.timestamp &&
            w.mandates.isRepresentative(enterprise, c.signer);
    }

    function _activeLoan(uint256 loanId) private view returns (Loan storage record) {
        record = _getStorage().loans[loanId];
        if (record.status == LoanStatus.None) revert LendingRegistryUnknownLoan(loanId);
        if (record.status != LoanStatus.Active) revert LendingRegistryLoanNotActive(loanId);
    }

    function _getStorage() private pure returns (LendingRegistryStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}

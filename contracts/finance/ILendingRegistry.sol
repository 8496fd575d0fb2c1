// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title ILendingRegistry
 * @notice Haidian District Finance Platform for SMEs (issue 16 §3): loans recorded as facts between a lender and
 * an enterprise (amount band, term, collateral reference), receivables pledged once, and the outcome of a loan
 * disclosed to another lender only with the enterprise's prior consent or a legal basis recorded on chain.
 * @dev Lenders are banks (departments, acting through their officers) or accredited participants (role
 * `LENDER` in the participant registry); a lender is named by a bytes32: a department code, or a participant's
 * address right-aligned (`bytes32(uint256(uint160(account)))`; department codes are left-aligned strings).
 * What a lender may read about the enterprise (tax, social-insurance, utility-payment standing) goes through
 * the data exchange with the enterprise's consent; this contract holds no data, only the facts both sides
 * signed. No amounts: a band code; the outcome of a loan (repaid, defaulted, restructured) is a salted
 * commitment, so other lenders learn a default only when it is disclosed to them.
 */
interface ILendingRegistry {
    enum CollateralKind {
        None,
        /// @dev A mortgage registered by the property registry: the hash of its certificate of other rights.
        PropertyMortgage,
        /// @dev A receivable: the hash of the e-invoice or receivable certificate it rests on (one pledge at a time).
        Receivable
    }

    enum LoanStatus {
        None,
        Active,
        Closed
    }

    /// @notice What the enterprise's representative signs, and the lender records.
    struct LoanTerms {
        bytes32 enterprise;
        bytes32 lender;
        /// @dev Hash of the loan contract (off chain).
        bytes32 contractHash;
        uint8 amountBand;
        uint16 termMonths;
        CollateralKind collateralKind;
        bytes32 collateral;
    }

    /// @notice A loan as stored. The pledge hot path reads the first two slots only.
    struct Loan {
        /// @dev A department code, or a participant's address right-aligned.
        bytes32 lender;
        LoanStatus status;
        CollateralKind collateralKind;
        uint40 startedAt;
        uint16 termMonths;
        uint8 amountBand;
        /// @dev The collateral's first 22 bytes, for the pledge check in the slot it reads anyway.
        bytes22 collateralTag;
        bytes32 collateral;
        bytes32 enterprise;
        /// @dev Commitment to the outcome code and a salt (SDK `outcomeCommitment`); 0 while active.
        bytes32 outcome;
    }

    event LoanRecorded(
        uint256 indexed loanId,
        bytes32 indexed enterprise,
        bytes32 indexed lender,
        bytes32 contractHash,
        uint8 amountBand,
        uint16 termMonths,
        CollateralKind collateralKind,
        bytes32 collateral,
        address actor
    );
    /// @notice The loan's agreed receivable `receivable` is pledged to it.
    event ReceivablePledged(uint256 indexed loanId, bytes32 indexed receivable, address actor);
    /// @notice The lender closed the loan with a committed outcome; its pledge, if any, is released.
    event LoanClosed(uint256 indexed loanId, bytes32 outcome, address actor);
    /// @notice A court or regulator recorded a legal basis to disclose `enterprise`'s loan outcomes.
    event LegalBasisRecorded(bytes32 indexed enterprise, bytes32 indexed basis, address officer);
    /// @notice The lender disclosed the loan's outcome to `recipient` (the opening travels off chain).
    event OutcomeDisclosed(
        uint256 indexed loanId,
        bytes32 indexed recipient,
        uint256 consentId,
        bytes32 legalBasis,
        address actor
    );

    error LendingRegistryZeroValue(bytes32 field);
    /// @notice `account` may not act as `lender` (not an officer of that department, nor the accredited participant).
    error LendingRegistryUnauthorizedLender(bytes32 lender, address account);
    error LendingRegistrySignatureExpired(uint256 deadline);
    error LendingRegistryInvalidNonce(address signer, uint256 expected, uint256 given);
    /// @notice The terms are not signed by the enterprise's current representative.
    error LendingRegistryInvalidSignature(bytes32 enterprise, address recovered);
    /// @notice The collateral reference is not a valid certificate of the expected kind.
    error LendingRegistryInvalidCollateral(CollateralKind kind, bytes32 collateral);
    error LendingRegistryUnknownLoan(uint256 loanId);
    error LendingRegistryLoanNotActive(uint256 loanId);
    /// @notice The receivable is not this loan's agreed collateral.
    error LendingRegistryNotLoanCollateral(uint256 loanId, bytes32 receivable);
    /// @notice The receivable is already pledged to an active loan.
    error LendingRegistryAlreadyPledged(bytes32 receivable, uint256 loanId);
    /// @notice Neither a live consent of the enterprise to `recipient` nor a recorded legal basis backs a disclosure.
    error LendingRegistryNoDisclosureBasis(uint256 loanId, bytes32 recipient);

    /**
     * @notice Records a loan: the lender's key sends the terms the enterprise's representative signed (EIP-712
     * `RecordLoan(bytes32 enterprise,bytes32 lender,bytes32 contractHash,uint8 amountBand,uint16 termMonths,
     * uint8 collateralKind,bytes32 collateral,uint256 nonce,uint256 deadline)`). Caller: an officer of `lender`,
     * or the accredited participant it names.
     */
    function recordLoan(
        LoanTerms calldata terms,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 loanId);

    /// @notice Pledges the loan's agreed receivable to it; refused while another active loan holds it.
    /// Caller: the loan's lender (an officer of the bank, or the participant itself).
    function pledge(uint256 loanId, bytes32 receivable) external;

    /// @notice Closes a loan with a committed outcome, releasing its pledge. Caller: the loan's lender.
    function closeLoan(uint256 loanId, bytes32 outcome) external;

    /// @notice Records a legal basis (court ruling, regulation) to disclose `enterprise`'s outcomes. Caller: an
    /// officer of the legal-basis department (COURT).
    function recordLegalBasis(bytes32 enterprise, bytes32 basis) external;

    /**
     * @notice Discloses a closed loan's outcome to `recipient`, backed by `consentId` (an exchange consent of the
     * enterprise, given to `recipient` for the disclosure purpose, signed by its representative, live) or by
     * `legalBasis` (recorded for the enterprise). Caller: the loan's lender.
     */
    function discloseOutcome(uint256 loanId, bytes32 recipient, uint256 consentId, bytes32 legalBasis) external;

    function loan(uint256 loanId) external view returns (Loan memory);

    function loanCount() external view returns (uint256);

    /// @notice The active loan holding `receivable` (0 when none).
    function pledgedTo(bytes32 receivable) external view returns (uint256);

    function nonces(address signer) external view returns (uint256);

    function hasLegalBasis(bytes32 enterprise, bytes32 basis) external view returns (bool);
}

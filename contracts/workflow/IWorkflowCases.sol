// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title IWorkflowCases
 * @notice The part of the collaborative-processing engine that other modules call: a module
 * opens a case of a type it owns, the required departments approve it, and the module
 * consumes the approved case exactly once (the property registry executes a transfer this way).
 * @dev Approval logic exists only in the workflow module; consumers never re-implement it.
 */
interface IWorkflowCases {
    /// @notice Where a case stands. `Expired` is reported once a stage deadline passed without a decision.
    enum CaseStatus {
        None,
        Open,
        Returned,
        Approved,
        Rejected,
        Withdrawn,
        Expired,
        Consumed
    }

    /**
     * @notice Opens a case of `caseType` about `subject` (a commitment or record key, never personal data).
     * @dev Callable by the type's owner contract, or by whoever else the case type allows to open it.
     * @param documentHash Hash of the application file kept off chain.
     * @return caseId The new case's id.
     */
    function openCase(bytes32 caseType, bytes32 subject, bytes32 documentHash) external returns (uint256 caseId);

    /**
     * @notice Marks an Approved case Consumed. Only the contract that owns the case's type may, and only once.
     * @return caseType The case's type, for the consumer to check.
     * @return subject The case's subject, for the consumer to check against what it executes.
     */
    function consumeCase(uint256 caseId) external returns (bytes32 caseType, bytes32 subject);

    /**
     * @notice Resubmits a returned case with more information (the opener side); the clock restarts.
     * @dev A module that owns a case type resubmits through this call so that a returned case is never a dead end.
     */
    function resubmitCase(uint256 caseId, bytes32 documentHash) external;

    /// @notice Withdraws an open or returned case (the opener side); it is closed.
    function withdrawCase(uint256 caseId, string calldata reason) external;

    /// @notice The status of `caseId` now (deadlines applied).
    function caseStatus(uint256 caseId) external view returns (CaseStatus);
}

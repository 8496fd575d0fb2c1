// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IWorkflowCases} from "../workflow/IWorkflowCases.sol";

/// @dev A stand-in for the workflow module in unit tests: cases are approved by the test, consumed once by their opener.
/// `signatures` (of IWorkflow) counts the approvals the test gave through {approveBy}.
contract WorkflowCasesMock is IWorkflowCases {
    struct Case {
        bytes32 caseType;
        bytes32 subject;
        address opener;
        CaseStatus status;
    }

    error WorkflowCasesMockNotApproved(uint256 caseId, CaseStatus status);
    error WorkflowCasesMockNotOpener(uint256 caseId, address caller);

    event CaseOpened(uint256 indexed caseId, bytes32 caseType, bytes32 subject, bytes32 documentHash);

    mapping(uint256 caseId => Case) public cases;
    mapping(uint256 caseId => bytes32[]) private _approvedBy;
    uint256 public caseCount;

    function openCase(bytes32 caseType, bytes32 subject, bytes32 documentHash) external returns (uint256 caseId) {
        caseId = ++caseCount;
        cases[caseId] = Case(caseType, subject, msg.sender, CaseStatus.Open);
        emit CaseOpened(caseId, caseType, subject, documentHash);
    }

    function consumeCase(uint256 caseId) external returns (bytes32 caseType, bytes32 subject) {
        Case storage c = cases[caseId];
        if (c.status != CaseStatus.Approved) revert WorkflowCasesMockNotApproved(caseId, c.status);
        if (c.opener != msg.sender) revert WorkflowCasesMockNotOpener(caseId, msg.sender);
        c.status = CaseStatus.Consumed;
        return (c.caseType, c.subject);
    }

    function resubmitCase(uint256 caseId, bytes32) external {
        Case storage c = cases[caseId];
        if (c.opener != msg.sender) revert WorkflowCasesMockNotOpener(caseId, msg.sender);
        if (c.status != CaseStatus.Returned) revert WorkflowCasesMockNotApproved(caseId, c.status);
        c.status = CaseStatus.Open;
    }

    function withdrawCase(uint256 caseId, string calldata) external {
        Case storage c = cases[caseId];
        if (c.opener != msg.sender) revert WorkflowCasesMockNotOpener(caseId, msg.sender);
        if (c.status != CaseStatus.Open && c.status != CaseStatus.Returned) {
            revert WorkflowCasesMockNotApproved(caseId, c.status);
        }
        c.status = CaseStatus.Withdrawn;
    }

    function caseStatus(uint256 caseId) external view returns (CaseStatus) {
        return cases[caseId].status;
    }

    /// @dev IWorkflow's `signatures`: how many times the test said `department` approved.
    function signatures(uint256 caseId, bytes32 department) external view returns (uint8 n) {
        bytes32[] storage approved = _approvedBy[caseId];
        for (uint256 i = 0; i < approved.length; ++i) if (approved[i] == department) ++n;
    }

    /// @dev Test hook: `department` approved (the case becomes Approved).
    function approveBy(uint256 caseId, bytes32 department) external {
        _approvedBy[caseId].push(department);
        cases[caseId].status = CaseStatus.Approved;
    }

    /// @dev Test hook: the departments decided.
    function setStatus(uint256 caseId, CaseStatus status) external {
        cases[caseId].status = status;
    }
}

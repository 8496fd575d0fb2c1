// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title IOneStopServices
 * @notice One application, several departments, several certificates (一窗受理、一次办结): a district's one-stop
 * window opens one workflow case for an applicant (a salted commitment), the departments the case type requires
 * review it in parallel, and once it is approved the window completes it: every certificate of the bundle is
 * issued in that one transaction (enterprise establishment: business licence, tax registration, social-insurance
 * registration and seal filing; high-tech enterprise certification: its certificate).
 * @dev A bundle is keyed by its workflow case type, whose owner is this contract. Approval logic stays in the
 * workflow and certificate logic in the registry: the bundle's certificate types are managed types this contract
 * is authorised for ({ICertificateIssuer-issueFor}).
 */
interface IOneStopServices {
    /// @notice A bundle as stored: who opens it, its certificate types and their validity (0: never expires).
    struct Bundle {
        bytes32 opener;
        uint64 validitySeconds;
        bytes32[] certificateTypes;
    }

    /// @notice The operator defined (or redefined) the bundle of case type `caseType`.
    event BundleDefined(
        bytes32 indexed caseType,
        bytes32 indexed opener,
        bytes32[] certificateTypes,
        uint64 validitySeconds,
        address actor
    );

    /// @notice An officer of the bundle's opener department opened application `caseId` for `applicant`.
    event ApplicationOpened(
        uint256 indexed caseId,
        bytes32 indexed caseType,
        bytes32 indexed applicant,
        bytes32 documentHash,
        address actor
    );

    /// @notice The approved application was completed: `certificates[i]` was issued under the bundle's i-th type.
    event ApplicationCompleted(
        uint256 indexed caseId,
        bytes32 indexed caseType,
        bytes32 indexed applicant,
        bytes32[] certificates,
        address actor
    );

    /// @notice The opener resubmitted the returned application with more information.
    event ApplicationResubmitted(uint256 indexed caseId, bytes32 documentHash, address indexed actor);

    /// @notice The opener withdrew the application (the reason is in the workflow's `CaseWithdrawn`).
    event ApplicationWithdrawn(uint256 indexed caseId, address indexed actor);

    /// @notice No bundle is defined for this case type.
    error OneStopUnknownBundle(bytes32 caseType);
    /// @notice A bundle needs an opener department and 1 to `max` distinct non-zero certificate types.
    error OneStopInvalidBundle(bytes32 caseType, uint256 max);
    /// @notice The applicant commitment is zero.
    error OneStopZeroApplicant();
    /// @notice A wiring address is zero.
    error OneStopInvalidConfig();

    /// @notice Defines the bundle of `caseType` (a workflow case type owned by this contract). Operator only.
    function defineBundle(
        bytes32 caseType,
        bytes32 opener,
        bytes32[] calldata certificateTypes,
        uint64 validitySeconds
    ) external;

    /**
     * @notice Opens an application of `caseType` for `applicant` (a salted commitment, never personal data).
     * @dev Only an officer of the bundle's opener department (the district's one-stop window).
     * @return caseId The workflow case the required departments review.
     */
    function openApplication(
        bytes32 caseType,
        bytes32 applicant,
        bytes32 documentHash
    ) external returns (uint256 caseId);

    /**
     * @notice Consumes approved application `caseId` and issues every certificate of its bundle to the applicant,
     * all in this transaction (any failure issues none).
     * @dev Only an officer of the bundle's opener department.
     * @return certificates The certificate hashes, in the bundle's order (see {certificateOf}).
     */
    function completeApplication(uint256 caseId) external returns (bytes32[] memory certificates);

    /// @notice Resubmits returned application `caseId`. Only an officer of the bundle's opener department.
    function resubmitApplication(uint256 caseId, bytes32 documentHash) external;

    /// @notice Withdraws open or returned application `caseId`. Only an officer of the bundle's opener department.
    function withdrawApplication(uint256 caseId, string calldata reason) external;

    /// @notice The bundle of `caseType` (reverts for an unknown one).
    function bundleOf(bytes32 caseType) external view returns (Bundle memory);

    /// @notice The hash of the certificate of type `certificateType` that application `caseId` issues (deterministic).
    function certificateOf(uint256 caseId, bytes32 certificateType) external pure returns (bytes32);

    /// @notice The workflow and certificate registry this contract calls.
    function wiring() external view returns (address workflow, address certificates);
}

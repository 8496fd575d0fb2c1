// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {ICertificateIssuer} from "../certificates/ICertificateIssuer.sol";
import {IWorkflow} from "../workflow/IWorkflow.sol";
import {IOneStopServices} from "./IOneStopServices.sol";

/**
 * @title OneStopServices
 * @notice District one-stop bundles: one application reviewed in parallel by several departments, completed
 * by issuing all of its certificates at once (see {IOneStopServices}).
 * @dev Nothing is stored per application: the workflow case carries the bundle (its type) and the applicant
 * (its subject), and consuming it returns both, so a completion issues exactly what was approved.
 */
contract OneStopServices is DepartmentGated, IOneStopServices {
    /// @dev Most certificate types in one bundle (bounds the completion's loop).
    uint256 internal constant MAX_CERTIFICATES = 8;
    /// @dev The certificates module's "never expires" (its windows are 40-bit), for a bundle with validity 0.
    uint64 private constant NO_EXPIRY = type(uint40).max;
    bytes32 private constant CERTIFICATE_TAG = keccak256("govchain.onestop.certificate");

    /// @custom:storage-location erc7201:govchain.storage.OneStopServices
    struct OneStopServicesStorage {
        IWorkflow workflow;
        ICertificateIssuer certificates;
        mapping(bytes32 caseType => Bundle) bundles;
    }

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.OneStopServices")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xb96b890e4adf144e015c97b28210ed16cde53259b28b17cd09c2a7cc7e8d7900;

    /**
     * @notice Initializes the proxy.
     * @param authority The suite's AccessManager.
     * @param directory_ The department directory.
     * @param workflow_ The workflow whose case types (owned by this contract) carry the applications.
     * @param certificates_ The certificate registry that authorises this contract for the bundles' types.
     */
    function initialize(
        address authority,
        IDepartmentDirectory directory_,
        IWorkflow workflow_,
        ICertificateIssuer certificates_
    ) external initializer {
        __DepartmentGated_init(authority, directory_);
        if (address(workflow_) == address(0) || address(certificates_) == address(0)) revert OneStopInvalidConfig();
        OneStopServicesStorage storage $ = _getStorage();
        $.workflow = workflow_;
        $.certificates = certificates_;
    }

    /// @inheritdoc IOneStopServices
    function defineBundle(
        bytes32 caseType,
        bytes32 opener,
        bytes32[] calldata certificateTypes,
        uint64 validitySeconds
    ) external restricted {
        uint256 n = certificateTypes.length;
        if (caseType == bytes32(0) || opener == bytes32(0) || n == 0 || n > MAX_CERTIFICATES) {
            revert OneStopInvalidBundle(caseType, MAX_CERTIFICATES);
        }
        for (uint256 i = 0; i < n; ++i) {
            if (certificateTypes[i] == bytes32(0)) revert OneStopInvalidBundle(caseType, MAX_CERTIFICATES);
            for (uint256 j = 0; j < i; ++j) {
                if (certificateTypes[j] == certificateTypes[i]) revert OneStopInvalidBundle(caseType, MAX_CERTIFICATES);
            }
        }
        _getStorage().bundles[caseType] = Bundle(opener, validitySeconds, certificateTypes);
        emit BundleDefined(caseType, opener, certificateTypes, validitySeconds, msg.sender);
    }

    /// @inheritdoc IOneStopServices
    function openApplication(
        bytes32 caseType,
        bytes32 applicant,
        bytes32 documentHash
    ) external restricted returns (uint256 caseId) {
        _checkOfficer(_bundle(caseType).opener, msg.sender);
        if (applicant == bytes32(0)) revert OneStopZeroApplicant();
        caseId = _getStorage().workflow.openCase(caseType, applicant, documentHash);
        emit ApplicationOpened(caseId, caseType, applicant, documentHash, msg.sender);
    }

    /// @inheritdoc IOneStopServices
    function completeApplication(uint256 caseId) external restricted returns (bytes32[] memory certificates) {
        OneStopServicesStorage storage $ = _getStorage();
        Bundle storage bundle = _bundleOfCase(caseId);
        _checkOfficer(bundle.opener, msg.sender);
        // The workflow refuses a case that is not Approved, or already consumed (one completion per approval).
        (bytes32 caseType, bytes32 applicant) = $.workflow.consumeCase(caseId);
        uint256 n = bundle.certificateTypes.length;
        uint64 from = uint64(block.timestamp);
        uint64 until = bundle.validitySeconds == 0 ? NO_EXPIRY : from + bundle.validitySeconds;
        certificates = new bytes32[](n);
        for (uint256 i = 0; i < n; ++i) certificates[i] = certificateOf(caseId, bundle.certificateTypes[i]);
        emit ApplicationCompleted(caseId, caseType, applicant, certificates, msg.sender);
        for (uint256 i = 0; i < n; ++i) {
            $.certificates.issueFor(bundle.certificateTypes[i], certificates[i], applicant, from, until, bytes32(0));
        }
    }

    /// @inheritdoc IOneStopServices
    function resubmitApplication(uint256 caseId, bytes32 documentHash) external restricted {
        _checkOfficer(_bundleOfCase(caseId).opener, msg.sender);
        _getStorage().workflow.resubmitCase(caseId, documentHash);
        emit ApplicationResubmitted(caseId, documentHash, msg.sender);
    }

    /// @inheritdoc IOneStopServices
    function withdrawApplication(uint256 caseId, string calldata reason) external restricted {
        _checkOfficer(_bundleOfCase(caseId).opener, msg.sender);
        _getStorage().workflow.withdrawCase(caseId, reason);
        emit ApplicationWithdrawn(caseId, msg.sender);
    }

    /// @inheritdoc IOneStopServices
    function bundleOf(bytes32 caseType) external view returns (Bundle memory) {
        return _bundle(caseType);
    }

    /// @inheritdoc IOneStopServices
    function certificateOf(uint256 caseId, bytes32 certificateType) public pure returns (bytes32) {
        return keccak256(abi.encode(CERTIFICATE_TAG, caseId, certificateType));
    }

    /// @inheritdoc IOneStopServices
    function wiring() external view returns (address workflow, address certificates) {
        OneStopServicesStorage storage $ = _getStorage();
        return (address($.workflow), address($.certificates));
    }

    function _bundleOfCase(uint256 caseId) private view returns (Bundle storage) {
        return _bundle(_getStorage().workflow.getCase(caseId).caseType);
    }

    function _bundle(bytes32 caseType) private view returns (Bundle storage bundle) {
        bundle = _getStorage().bundles[caseType];
        if (bundle.opener == bytes32(0)) revert OneStopUnknownBundle(caseType);
    }

    function _getStorage() private pure returns (OneStopServicesStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {DepartmentDirectory} from "../../../contracts/access/DepartmentDirectory.sol";
import {GovAccessManager} from "../../../contracts/access/GovAccessManager.sol";
import {GovRoles} from "../../../contracts/access/GovRoles.sol";
import {IDepartmentDirectory} from "../../../contracts/access/IDepartmentDirectory.sol";
import {GovTest, Vm} from "../utils/GovTest.sol";

/// @dev Drives the directory with random grants and revocations by random callers.
contract DirectoryHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    DepartmentDirectory public immutable directory;
    bytes32[2] public codes;
    address[6] public pool;
    /// @dev Ghost: set when a call by someone other than the department's admin changed its officers.
    bool public crossDepartmentChange;

    constructor(DepartmentDirectory directory_, bytes32[2] memory codes_, address[6] memory pool_) {
        directory = directory_;
        codes = codes_;
        pool = pool_;
    }

    function grantOfficer(uint256 callerSeed, uint256 deptSeed, uint256 accountSeed) external {
        _act(callerSeed, deptSeed, accountSeed, true);
    }

    function revokeOfficer(uint256 callerSeed, uint256 deptSeed, uint256 accountSeed) external {
        _act(callerSeed, deptSeed, accountSeed, false);
    }

    function _act(uint256 callerSeed, uint256 deptSeed, uint256 accountSeed, bool grant) private {
        address caller = pool[callerSeed % pool.length];
        bytes32 code = codes[deptSeed % 2];
        address account = pool[accountSeed % pool.length];
        uint256 before = directory.officers(code).length;
        bytes memory call =
            grant
                ? abi.encodeCall(DepartmentDirectory.grantOfficer, (code, account))
                : abi.encodeCall(DepartmentDirectory.revokeOfficer, (code, account));
        vm.prank(caller);
        (bool ok, ) = address(directory).call(call);
        if (ok && !directory.isDepartmentAdmin(code, caller)) crossDepartmentChange = true;
        if (!ok && directory.officers(code).length != before) crossDepartmentChange = true;
    }
}

contract DepartmentDirectoryTest is GovTest {
    GovAccessManager internal manager;
    DepartmentDirectory internal directory;
    DirectoryHandler internal handler;
    bytes32 internal constant TAX = "TAX";
    bytes32 internal constant PSB = "PSB";
    address[6] internal pool = [
        address(0xA1),
        address(0xA2),
        address(0xB1),
        address(0xB2),
        address(0xC1),
        address(0xC2)
    ];

    function setUp() public {
        manager = new GovAccessManager(address(this));
        DepartmentDirectory implementation = new DepartmentDirectory();
        directory = DepartmentDirectory(
            address(
                new ERC1967Proxy(
                    address(implementation),
                    abi.encodeCall(DepartmentDirectory.initialize, (address(manager), 1 days))
                )
            )
        );
        manager.grantRole(GovRoles.ADMIN, address(directory), 0);
        manager.grantRole(GovRoles.OPERATOR, address(this), 0);
        bytes4[] memory operatorOnly = new bytes4[](3);
        operatorOnly[0] = DepartmentDirectory.registerDepartment.selector;
        operatorOnly[1] = DepartmentDirectory.grantDepartmentAdmin.selector;
        operatorOnly[2] = DepartmentDirectory.setDepartmentActive.selector;
        manager.setTargetFunctionRole(address(directory), operatorOnly, GovRoles.OPERATOR);
        bytes4[] memory departmentScoped = new bytes4[](2);
        departmentScoped[0] = DepartmentDirectory.grantOfficer.selector;
        departmentScoped[1] = DepartmentDirectory.revokeOfficer.selector;
        manager.setTargetFunctionRole(address(directory), departmentScoped, GovRoles.PUBLIC);

        directory.registerDepartment(TAX, "Tax", IDepartmentDirectory.DepartmentKind.Government);
        directory.registerDepartment(PSB, "Public security", IDepartmentDirectory.DepartmentKind.Government);
        directory.grantDepartmentAdmin(TAX, pool[0]);
        directory.grantDepartmentAdmin(PSB, pool[2]);

        handler = new DirectoryHandler(directory, [TAX, PSB], pool);
        targetContract(address(handler));
    }

    function testFuzz_adminNeverManagesAnotherDepartment(address account) public {
        vm.assume(account != address(0));
        vm.prank(pool[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDepartmentDirectory.DepartmentDirectoryUnauthorizedDepartmentAdmin.selector,
                PSB,
                pool[0]
            )
        );
        directory.grantOfficer(PSB, account);
        assertEq(directory.officers(PSB).length, 0, "PSB officers changed");
    }

    function testFuzz_ownAdminGrantsAnyNonZeroAccount(address account) public {
        vm.assume(account != address(0));
        vm.prank(pool[0]);
        directory.grantOfficer(TAX, account);
        assertTrue(directory.isOfficer(TAX, account), "granted account is not an officer");
        assertTrue(!directory.isOfficer(PSB, account), "grant leaked into another department");
    }

    /// @dev The directory's member lists and the AccessManager's roles never disagree.
    function invariant_officerListsMatchAccessManagerRoles() public view {
        bytes32[2] memory codes = [TAX, PSB];
        for (uint256 d = 0; d < 2; d++) {
            IDepartmentDirectory.Department memory dept = directory.department(codes[d]);
            address[] memory listed = directory.officers(codes[d]);
            uint256 holders;
            for (uint256 i = 0; i < pool.length; i++) {
                (bool isMember, ) = manager.hasRole(dept.officerRole, pool[i]);
                if (isMember) holders++;
            }
            assertEq(listed.length, holders, "officer list and AccessManager roles disagree");
        }
    }

    /// @dev Only a department's own admins ever change its officers.
    function invariant_noCrossDepartmentChange() public view {
        assertTrue(!handler.crossDepartmentChange(), "an outsider changed a department's officers");
    }
}

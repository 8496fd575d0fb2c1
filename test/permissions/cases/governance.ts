import { upgradeThroughDelay } from "../../helpers/upgrade.js";
import type { MatrixCases } from "../types.js";

/** The council's one AccessManager row: its upgrade (its entry points check their callers themselves). */
export const governanceCases: MatrixCases = {
  "GovernanceCouncil.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: async (s, signer, connection) => {
      const council = await connection.ethers.getContractAt(
        "GovernanceCouncil",
        s.manifest.contracts.GovernanceCouncil!.proxy,
      );
      return council.connect(signer).upgradeToAndCall(s.manifest.contracts.GovernanceCouncil!.implementation, "0x");
    },
    succeed: async (s, connection) => {
      const council = await connection.ethers.getContractAt(
        "GovernanceCouncil",
        s.manifest.contracts.GovernanceCouncil!.proxy,
      );
      await upgradeThroughDelay(connection, s, council, "GovernanceCouncil");
    },
  },
};

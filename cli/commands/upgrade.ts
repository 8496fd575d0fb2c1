import { upgrades, type UpgradeOptions } from "@openzeppelin/hardhat-upgrades";
import type { Command } from "commander";

import { builtLayout, compareLayouts, readBaseline } from "../../scripts/lib/storage-layout.js";
import { writeManifest } from "../../scripts/lib/deploy.js";
import { implementationConstructorArgs } from "../../scripts/lib/proxy.js";
import { GovChainError, ValidationError } from "../../sdk/index.js";
import { governedByCouncil, operatorAction } from "../council.js";
import { connectNetwork, manifestFor, signerFor, type GlobalOptions } from "../context.js";
import { localTime } from "../format/time.js";
import { print } from "../output.js";
import { moduleAddress } from "./modules.js";

export function upgradeCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command("upgrade <contract>")
    .description(
      "upgrade a suite contract through the AccessManager delay: first run checks the storage layout, " +
        "deploys the new implementation and schedules the upgrade; run again with --execute once the delay has passed",
    )
    .option("--to <artifact>", "the new implementation's artifact (default: the contract's current build)")
    .option("--execute <implementation>", "execute the upgrade scheduled for this implementation address")
    .action(async (contract: string, opts: { to?: string; execute?: string }) => {
      const options = globals();
      const { default: hre } = await import("hardhat");
      const connection = await connectNetwork(options);
      const manifest = await manifestFor(options);
      const proxy = moduleAddress(manifest, contract);
      const { GovChain } = await import("../../sdk/index.js");
      const gov = await GovChain.connect(await signerFor(connection, options), manifest, { concurrent: false });

      if (opts.execute !== undefined && governedByCouncil(gov)) {
        throw new ValidationError(
          "--execute",
          "this deployment is governed by its council: execute the upgrade proposal with govchain governance execute <id>",
        );
      }
      if (opts.execute !== undefined) {
        await (await gov.access.executeUpgrade(proxy, opts.execute)).wait();
        (manifest.contracts as Record<string, unknown>)[contract] = { proxy, implementation: opts.execute };
        const file = writeManifest(manifest);
        print(options, { contract, proxy, implementation: opts.execute, manifest: file }, () =>
          console.log(`${contract} upgraded to ${opts.execute}; ${file} updated`),
        );
        return;
      }

      const artifact = opts.to ?? contract;
      const baseline = readBaseline(contract);
      if (baseline === undefined) throw new ValidationError("contract", `no storage-layout baseline for ${contract}`);
      const { ok, explain } = compareLayouts(baseline, await builtLayout(hre, artifact));
      if (!ok) {
        throw new GovChainError(
          `refused: ${artifact}'s storage layout is incompatible with ${contract}'s: ${explain.split("\n").join(" ")}`,
        );
      }
      const api = await upgrades(hre, connection);
      // A contract wired through implementation immutables gets the same wiring (its config()).
      const constructorArgs = await implementationConstructorArgs(
        await connection.ethers.getContractAt(artifact, proxy),
      );
      const validation: UpgradeOptions = { kind: "uups", constructorArgs };
      await api.validateImplementation(await connection.ethers.getContractFactory(artifact), validation);
      const implementation = await connection.ethers.deployContract(
        artifact,
        constructorArgs,
        await signerFor(connection, options),
      );
      await implementation.waitForDeployment();
      const address = await implementation.getAddress();
      if (governedByCouncil(gov)) {
        // A critical proposal: every class threshold and delay applies, and the AccessManager's upgrade delay on top.
        const data = gov.access.contract.interface.encodeFunctionData("upgradeToAndCall", [address, "0x"]);
        await operatorAction(gov, options, `upgrade ${contract} to ${address}`, [{ target: proxy, data }], () =>
          gov.access.scheduleUpgrade(proxy, address),
        );
        return;
      }
      const scheduled = await (await gov.access.scheduleUpgrade(proxy, address)).wait();
      const at = localTime(scheduled.executableAt);
      print(options, { contract, proxy, implementation: address, ...scheduled }, () => {
        console.log(`storage layout compatible; implementation ${address} deployed`);
        console.log(`upgrade scheduled (operation ${scheduled.operationId}); executable from ${at}:`);
        console.log(`  govchain upgrade ${contract} --execute ${address} --network ${options.network}`);
      });
    });
}

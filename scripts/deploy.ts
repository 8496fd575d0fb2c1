/**
 * Deploys the suite to the selected network and writes `deployments/<network>.json`.
 *   npx hardhat run scripts/deploy.ts --network localhost
 * The city file is `config/beijing.json` unless GOVCHAIN_CITY_CONFIG names another.
 */
import { network } from "hardhat";

import { loadCityConfig } from "../config/city.js";
import { deploySuite, writeManifest } from "./lib/deploy.js";
import { consoleSink } from "./lib/deploy-progress.js";

const connection = await network.create();
const manifest = await deploySuite(connection, loadCityConfig(), { progress: consoleSink() });
const file = writeManifest(manifest);
console.log(`Deployed govchain (${manifest.city}) to ${manifest.network}, chain ${manifest.chainId}: ${file}`);

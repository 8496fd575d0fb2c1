import { network } from "hardhat";
import { deployStaffedSuite } from "../test/helpers/suite.js";
import { logisticsBench } from "./modules/logistics.js";
const connection = await network.create();
const suite = await deployStaffedSuite(connection);
console.log(await logisticsBench({ connection, suite }));

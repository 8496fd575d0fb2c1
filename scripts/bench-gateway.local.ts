import { network } from "hardhat";

import { gatewayThroughput } from "../bench/modules/gateway.js";

console.log(JSON.stringify(await gatewayThroughput(network), null, 2));

import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import type { CityConfig } from "../../config/city.js";
import { accessLayerModule } from "./AccessLayer.js";
import { applyPermissions, deployProxied } from "./governed.js";

const built = new WeakMap<CityConfig, ReturnType<typeof build>>();

/**
 * Data sharing and exchange: the DataExchange proxy and its permissions, its registration as a
 * department listener, and the ReceiptLog (a plain contract: receipts are the gas-critical path,
 * see docs/EXCHANGE.md) it pushes grants and department (de)activations to.
 */
export function exchangeModule(city: CityConfig) {
  if (!built.has(city)) built.set(city, build(city));
  return built.get(city)!;
}

function build(city: CityConfig) {
  return buildModule("Exchange", (m) => {
    const { GovAccessManager: manager, DepartmentDirectory: directory } = m.useModule(accessLayerModule(city));
    const { proxy: exchange } = deployProxied(m, "DataExchange", [manager, directory]);
    const permissions = applyPermissions(m, manager, "DataExchange", exchange);
    // The log caches department activation, pushed by the directory through the exchange: listen before the
    // log is built (its constructor refuses an exchange that is not a listener).
    const listen = m.call(directory, "setDepartmentListener", [exchange, true], { id: "listen_DataExchange" });
    const receiptLog = m.contract("ReceiptLog", [exchange], { after: [listen] });
    m.call(exchange, "setReceiptLog", [receiptLog], { id: "DataExchange_setReceiptLog", after: permissions });
    return { DataExchange: exchange, ReceiptLog: receiptLog };
  });
}

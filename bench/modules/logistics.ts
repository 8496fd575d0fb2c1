import { id } from "ethers";

import { code, deployLogisticsSuite, doc } from "../../test/logistics/fixture.js";
import { gasOf } from "../gas.js";
import type { ModuleBench } from "../types.js";

/**
 * Airport shipments and port containers on the suite as deployed (real workflow; the participant registry the
 * suite deploys). `logistics.addDocument` is a document added to a shipment that already holds one (its slot
 * is warm in the sense of non-zero; the first document of a shipment is `logistics.addDocument.first`);
 * `logistics.release` is the airport operator's release of a cleared shipment; `logistics.containerRelease` a
 * terminal's release of a cleared, unheld container; `logistics.hold` a customs office's hold.
 */
export const logisticsBench: ModuleBench = async ({ connection, suite }) => {
  const s = await deployLogisticsSuite(connection, suite);
  const { forwarder, merchant, airline, airport, terminalTianjin } = s.participants;
  const gas: Record<string, number> = {};
  const awb = id("AWB bench");
  await (
    await s.shipments.connect(forwarder).createShipment(awb, [
      { role: code("MERCHANT"), account: merchant.address },
      { role: code("AIRLINE"), account: airline.address },
    ])
  ).wait();
  gas["logistics.addDocument.first"] = await gasOf(
    s.shipments.connect(merchant).addDocument(awb, code("COMMERCIAL_INVOICE"), doc("invoice")),
  );
  gas["logistics.addDocument"] = await gasOf(
    s.shipments.connect(merchant).addDocument(awb, code("PACKING_LIST"), doc("packing list")),
  );
  await (await s.shipments.connect(airline).addDocument(awb, code("MANIFEST"), doc("manifest"))).wait();
  await (await s.shipments.connect(forwarder).addDocument(awb, code("DECLARATION"), doc("declaration"))).wait();
  await (await s.shipments.connect(forwarder).openClearance(awb, doc("file"))).wait();
  const caseId = (await s.shipments.shipmentOf(awb)).caseId;
  await (await s.workflow.connect(s.staff.CUSTOMS.officer).approve(caseId, code("CUSTOMS"), doc("ok"))).wait();
  await (
    await s.workflow.connect(s.staff.AIRPORT_CUSTOMS.officer).approve(caseId, code("AIRPORT_CUSTOMS"), doc("ok"))
  ).wait();
  gas["logistics.recordClearance"] = await gasOf(s.shipments.connect(forwarder).recordClearance(awb));
  gas["logistics.release"] = await gasOf(s.shipments.connect(airport).release(awb, doc("gate pass")));

  const box = id("container bench");
  await (await s.ports.connect(forwarder).declare(box, doc("declaration"))).wait();
  const boxCase = (await s.ports.containerOf(box)).caseId;
  // The case type's two stages, in order: the two customs offices, then the Tianjin port authority and TAX.
  for (const department of ["TIANJIN_CUSTOMS", "CUSTOMS", "TIANJIN_PORT", "TAX"]) {
    const officer = (s.staff as Record<string, { officer: typeof s.stranger }>)[department].officer;
    await (await s.workflow.connect(officer).approve(boxCase, code(department), doc("ok"))).wait();
  }
  await (await s.ports.connect(forwarder).recordClearance(box)).wait();
  gas["logistics.hold"] = await gasOf(
    s.ports.connect(s.staff.HEBEI_CUSTOMS.officer).hold(box, code("HEBEI_CUSTOMS"), doc("hold")),
  );
  await (await s.ports.connect(s.staff.HEBEI_CUSTOMS.officer).liftHold(box, code("HEBEI_CUSTOMS"), doc("lift"))).wait();
  gas["logistics.containerRelease"] = await gasOf(
    s.ports.connect(terminalTianjin).release(box, code("TERMINAL_TIANJIN"), doc("gate out")),
  );
  return { gas };
};

export {
  type Fault,
  FaultPlan,
  type FaultRule,
  SIMULATOR_ROUTES,
  type SimulatorRoute,
} from "./faults.ts";
export { generateImage, SIMULATED_TENANT } from "./fixtures.ts";
export { toV1Image, toV2Image } from "./render.ts";
export {
  DEMO_CREDENTIALS,
  type Simulator,
  type SimulatorCredentials,
  type SimulatorOptions,
  startSimulator,
} from "./server.ts";

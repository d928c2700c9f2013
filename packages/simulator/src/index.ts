export { simulatorBanner } from "./banner.ts";
export { demoProjectImage } from "./demo-image.ts";
export {
  type EstateOptions,
  NKS_REGIONS,
  type RegionEstate,
  type SimulatedCluster,
  type SimulatedServer,
  type SimulatedVolume,
} from "./estate.ts";
export {
  type Fault,
  FaultPlan,
  type FaultRule,
  SIMULATOR_ROUTES,
  type SimulatorRoute,
} from "./faults.ts";
export { generateImage } from "./generate.ts";
export {
  DEMO_CREDENTIALS,
  DEMO_PROJECT,
  NHN_PUBLIC_OWNER,
  PARTNER_PROJECT,
  type SimulatorCredentials,
} from "./projects.ts";
export { toV1Image, toV2Image } from "./render.ts";
export {
  SIMULATOR_LIMITS,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from "./server.ts";
export {
  type GeneratedImage,
  imageOf,
  type MemberStatus,
  type SimulatorImage,
} from "./simulated-image.ts";
export type { V1Paging } from "./v1-api.ts";

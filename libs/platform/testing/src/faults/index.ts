export { createControllableBroker, createControllableRedis, type ControllableBroker, type ControllableRedis } from './infra-tools';
export { StageProcess, type StageProcessOptions } from './stage-process';
export { StageReplicas } from './stage-replicas';
export { ReadinessWatch, type ReadinessSample, type ReadinessSource } from './readiness-watch';
export { DurableTail, type TailRecord } from './durable-tail';
export { tallyArrivals, type Arrivals } from './arrival-tally';
export { freePort, freePorts } from './process-group';

// Writes each KEDA ScaledObject's maxReplicaCount in deploy/k8s from the topics' configured
// partitions (deploy/k8s/config.yaml KAFKA_TOPIC_* keys, or a Deployment's own env).
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/deploy/scaling-bounds.ts [--check]
// --check prints the differences and exits 1 instead of writing (the jest spec checks the same).
import { k8sScalingBounds, writeK8sScalingBounds } from '@quell/platform-testing';

const drifted = k8sScalingBounds().filter((b) => b.written !== b.configured);
for (const b of drifted) console.log(`${b.file}: ScaledObject ${b.name} maxReplicaCount ${b.written ?? 'unset'} -> ${b.configured} (partitions of ${b.topics.join(', ')})`);
if (process.argv.includes('--check')) process.exit(drifted.length > 0 ? 1 : 0);
const changed = writeK8sScalingBounds();
console.log(changed.length > 0 ? `wrote ${changed.join(', ')}` : 'every bound matches its topics');

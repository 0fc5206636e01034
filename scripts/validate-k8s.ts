/**
 * Renders the Kubernetes manifests (deploy/k8s) with `kubectl kustomize` and validates every
 * object against the Kubernetes API schemas (npm kubernetes-models), then checks what Marquee
 * promises of them: probes on /ready and /health, requests and limits, a grace period longer
 * than the drain, secrets only from Secret objects, an autoscaler and a disruption budget per
 * Deployment. CI runs it (`npm run k8s:validate`); it exits non-zero on any problem.
 */
import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

const TARGETS = ['deploy/k8s/base', 'deploy/k8s/overlays/production'];
/** HTTP drain (10 s) + WebSocket drain (5 s) + preStop (5 s): the grace period must exceed it. */
const DRAIN_SECONDS = 20;
const SECRET_NAMES = /SECRET|PASSWORD|SIGNING_KEY|DATABASE_URL|REDIS_URL/;

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
}

interface Container {
  name: string;
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: unknown } }[];
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  readinessProbe?: { httpGet?: { path?: string } };
  livenessProbe?: { httpGet?: { path?: string } };
}

/** `apps/v1` + Deployment → kubernetes-models/apps/v1/Deployment; core `v1` → kubernetes-models/v1/Service. */
async function validateSchema(object: K8sObject): Promise<void> {
  const module = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`)) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = module[object.kind];
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
}

function checkDeployment(object: K8sObject, all: K8sObject[], problems: string[]): void {
  const name = object.metadata.name;
  const pod = (object.spec?.template as { spec: { terminationGracePeriodSeconds?: number; containers: Container[] } }).spec;
  if ((pod.terminationGracePeriodSeconds ?? 30) <= DRAIN_SECONDS) problems.push(`${name}: terminationGracePeriodSeconds must exceed ${DRAIN_SECONDS}`);
  for (const container of pod.containers) {
    if (container.readinessProbe?.httpGet?.path !== '/ready') problems.push(`${name}: readiness probe must be GET /ready`);
    if (container.livenessProbe?.httpGet?.path !== '/health') problems.push(`${name}: liveness probe must be GET /health`);
    for (const kind of ['requests', 'limits'] as const) {
      if (!container.resources?.[kind]?.cpu || !container.resources[kind].memory) problems.push(`${name}: resources.${kind} needs cpu and memory`);
    }
    for (const variable of container.env ?? []) {
      if (SECRET_NAMES.test(variable.name) && !variable.valueFrom?.secretKeyRef) problems.push(`${name}: ${variable.name} must come from a Secret`);
    }
  }
  const targets = (kind: string) =>
    all.some((other) => other.kind === kind && (other.spec?.scaleTargetRef as { name?: string } | undefined)?.name === name);
  if (!targets('HorizontalPodAutoscaler')) problems.push(`${name}: no HorizontalPodAutoscaler`);
  const budgeted = all.some(
    (other) => other.kind === 'PodDisruptionBudget' && (other.spec?.selector as { matchLabels?: Record<string, string> }).matchLabels?.['app.kubernetes.io/name'] === name,
  );
  if (!budgeted) problems.push(`${name}: no PodDisruptionBudget`);
}

let failed = false;
for (const target of TARGETS) {
  const rendered = execFileSync('kubectl', ['kustomize', target], { encoding: 'utf8' });
  const objects = parseAllDocuments(rendered).map((document) => document.toJSON() as K8sObject).filter(Boolean);
  const problems: string[] = [];
  for (const object of objects) {
    try {
      await validateSchema(object);
    } catch (error) {
      problems.push(`${object.kind} ${object.metadata?.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (object.kind === 'Deployment') checkDeployment(object, objects, problems);
  }
  const deployments = objects.filter((object) => object.kind === 'Deployment').map((object) => object.metadata.name).sort();
  const expected = ['auth', 'booking', 'catalog', 'food', 'inventory', 'router'];
  if (JSON.stringify(deployments) !== JSON.stringify(expected)) problems.push(`Deployments ${deployments.join(', ')}; expected ${expected.join(', ')}`);
  for (const external of ['postgres', 'redis']) {
    const service = objects.find((object) => object.kind === 'Service' && object.metadata.name === external);
    if ((service?.spec as { type?: string } | undefined)?.type !== 'ExternalName') problems.push(`Service ${external} must be an ExternalName service`);
  }
  if (problems.length > 0) {
    failed = true;
    console.error(`${target}: ${problems.length} problem(s)\n  - ${problems.join('\n  - ')}`);
  } else {
    console.log(`${target}: ${objects.length} objects valid (${[...new Set(objects.map((object) => object.kind))].join(', ')})`);
  }
}
process.exit(failed ? 1 : 0);

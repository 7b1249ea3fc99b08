// The Kubernetes manifests are valid against the Kubernetes API schemas (kubernetes-models) and
// agree with each other and with naftiko: labels, ports, probes, the capability and its binds.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { validateCapability } from '../../packages/spec/src/validate-capability.js';

const here = new URL('./', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, here), 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: manifests are read as plain JSON shapes.
const manifest = (name: string): any => parse(read(name));

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const deployment = manifest('deployment.yaml');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const portByName = new Map<string, number>(
  container.ports.map((port: { name: string; containerPort: number }) => [port.name, port.containerPort]),
);

describe('deploy/kubernetes', () => {
  test('every manifest validates against the Kubernetes API schema of its kind', () => {
    const files = readdirSync(here).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml');
    expect(files.sort()).toEqual([
      'configmap.yaml',
      'deployment.yaml',
      'hpa.yaml',
      'pdb.yaml',
      'secret.example.yaml',
      'service.yaml',
    ]);
    for (const file of files) {
      const doc = manifest(file);
      const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
      expect(Model, file).toBeDefined();
      expect(
        () => new (Model as new (data: unknown) => { validate(): void })(doc).validate(),
        file,
      ).not.toThrow();
    }
  });

  test('the schema check catches a broken manifest (it is not vacuous)', () => {
    const broken = structuredClone(deployment);
    broken.spec.replicas = 'three';
    expect(() => new Deployment(broken).validate()).toThrow(/replicas/);
    const noSelector = structuredClone(deployment);
    delete noSelector.spec.selector;
    expect(() => new Deployment(noSelector).validate()).toThrow(/selector/);
  });

  test('kustomization applies every manifest but the example Secret', () => {
    expect(manifest('kustomization.yaml').resources).toEqual([
      'configmap.yaml',
      'deployment.yaml',
      'service.yaml',
      'hpa.yaml',
      'pdb.yaml',
    ]);
  });

  test('the Deployment runs N replicas, its selector matching its pods', () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(container.resources.requests).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    });
    expect(container.resources.limits.memory).toEqual(expect.any(String));
    expect(pod.securityContext.runAsNonRoot).toBe(true);
  });

  test('naftiko serves the control plane where the probes look, with a Host name it answers', () => {
    const args: string[] = container.args;
    expect(args[args.indexOf('--control') + 1]).toBe(String(portByName.get('control')));
    expect(args[args.indexOf('--host') + 1]).toBe('0.0.0.0');
    expect(args).toContain('--stateless');
    // A ConfigMap edit is reloaded in place; a subPath mount would never see it.
    expect(args).toContain('--watch');
    expect(container.volumeMounts.every((mount: { subPath?: string }) => mount.subPath === undefined)).toBe(
      true,
    );
    for (const [probe, path] of [
      [container.readinessProbe, '/health/ready'],
      [container.livenessProbe, '/health/live'],
    ]) {
      expect(probe.httpGet).toEqual({
        path,
        port: 'control',
        httpHeaders: [{ name: 'Host', value: 'localhost' }],
      });
    }
  });

  test('the Service reaches the MCP port by name, and answers under a Host naftiko allows', () => {
    const service = manifest('service.yaml');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(service.spec.ports).toEqual([{ name: 'mcp', port: 9090, targetPort: 'mcp' }]);
    const capability = parse(manifest('configmap.yaml').data['capability.yaml']).capability;
    const seedMcpPort = capability.exposes.find((expose: { type: string }) => expose.type === 'mcp').port;
    expect(portByName.get('mcp')).toBe(seedMcpPort);
    const args: string[] = container.args;
    expect(args[args.indexOf('--allowed-host') + 1]).toBe(service.metadata.name);
  });

  test('the capability comes from the ConfigMap (the seed, valid) and its binds from the Secret', () => {
    const configMap = manifest('configmap.yaml');
    const seed = readFileSync(
      fileURLToPath(new URL('../../capabilities/managed-agents-sessions.yaml', here)),
      'utf8',
    );
    expect(configMap.data['capability.yaml']).toBe(seed);
    expect(validateCapability({ source: seed, filename: 'capability.yaml' }).value).toBeDefined();
    expect(container.volumeMounts).toEqual([
      { name: 'capability', mountPath: '/capability', readOnly: true },
    ]);
    expect(container.args[0]).toBe('/capability/capability.yaml');
    expect(pod.volumes).toEqual([{ name: 'capability', configMap: { name: configMap.metadata.name } }]);
    const secret = manifest('secret.example.yaml');
    expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
    expect(Object.keys(secret.stringData)).toEqual(['ANTHROPIC_API_KEY']);
    expect(seed).toContain('ANTHROPIC_API_KEY');
  });

  test('the HPA scales the Deployment from its replica count, the PDB keeps the others up', () => {
    const hpa = manifest('hpa.yaml');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(hpa.spec.minReplicas).toBe(deployment.spec.replicas);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    const pdb = manifest('pdb.yaml');
    expect(pdb.spec.selector).toEqual(deployment.spec.selector);
    expect(pdb.spec.maxUnavailable).toBeLessThan(deployment.spec.replicas);
  });
});

import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress'
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget'
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap'
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim'
import { Secret } from 'kubernetes-models/v1/Secret'
import { Service } from 'kubernetes-models/v1/Service'
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount'

/** The API version and model of every kind the chart renders. */
const MODELS: Record<string, { apiVersion: string; model: new (data: any) => { validate(): void } }> = {
  ConfigMap: { apiVersion: 'v1', model: ConfigMap },
  Deployment: { apiVersion: 'apps/v1', model: Deployment },
  Ingress: { apiVersion: 'networking.k8s.io/v1', model: Ingress },
  PersistentVolumeClaim: { apiVersion: 'v1', model: PersistentVolumeClaim },
  PodDisruptionBudget: { apiVersion: 'policy/v1', model: PodDisruptionBudget },
  Secret: { apiVersion: 'v1', model: Secret },
  Service: { apiVersion: 'v1', model: Service },
  ServiceAccount: { apiVersion: 'v1', model: ServiceAccount },
  ServiceMonitor: { apiVersion: 'monitoring.coreos.com/v1', model: ServiceMonitor },
}

/** Throws, naming the object, unless it is valid against the Kubernetes API schema of its kind. */
export function validateKubernetesObject(object: { apiVersion: string; kind: string; metadata: { name: string } }): void {
  const known = MODELS[object.kind]
  if (!known) throw new Error(`${object.kind} ${object.metadata.name}: a kind the tests do not know; add its model`)
  if (object.apiVersion !== known.apiVersion) throw new Error(`${object.kind} ${object.metadata.name}: apiVersion ${object.apiVersion}, expected ${known.apiVersion}`)
  try {
    new known.model(object).validate()
  } catch (error) {
    throw new Error(`${object.kind} ${object.metadata.name} is not valid: ${(error as Error).message}`)
  }
}

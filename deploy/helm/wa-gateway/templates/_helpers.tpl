{{- define "wa-gateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "wa-gateway.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "wa-gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wa-gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "wa-gateway.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "wa-gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "wa-gateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "wa-gateway.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret the pods read: the operator's, or the chart's. */}}
{{- define "wa-gateway.secretName" -}}
{{- default (include "wa-gateway.fullname" .) .Values.existingSecret }}
{{- end }}

{{/* "true" when the replicas share external Postgres and NATS (a cluster). */}}
{{- define "wa-gateway.clustered" -}}
{{- if .Values.externalNats.url }}true{{ end }}
{{- end }}

{{/* The chart makes a claim only for the embedded store: one pod, ReadWriteOnce. */}}
{{- define "wa-gateway.ownClaim" -}}
{{- if and .Values.persistence.enabled (not .Values.persistence.existingClaim) (not (include "wa-gateway.clustered" .)) }}true{{ end }}
{{- end }}

{{/* SIGTERM waits SHUTDOWN_TIMEOUT_MS for requests in flight, and the process gives itself 5 s more. */}}
{{- define "wa-gateway.terminationGracePeriodSeconds" -}}
{{- $shutdown := div (add .Values.shutdownTimeoutMs 999) 1000 }}
{{- $least := add $shutdown 5 .Values.preStopSleepSeconds }}
{{- if kindIs "invalid" .Values.terminationGracePeriodSeconds }}
{{- add $least 5 }}
{{- else if lt (int .Values.terminationGracePeriodSeconds) (int $least) }}
{{- fail (printf "terminationGracePeriodSeconds (%v) must be at least shutdownTimeoutMs/1000 + 5 + preStopSleepSeconds = %v" .Values.terminationGracePeriodSeconds $least) }}
{{- else }}
{{- .Values.terminationGracePeriodSeconds }}
{{- end }}
{{- end }}

{{/* Configurations that cannot work, refused at install time with what to change. */}}
{{- define "wa-gateway.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not (include "wa-gateway.clustered" .)) }}
{{- fail "replicaCount > 1 needs externalNats.url and a Postgres (externalPostgresql.url, or DATABASE_URL in existingSecret): the embedded store belongs to one pod" }}
{{- end }}
{{- if and (include "wa-gateway.clustered" .) (not .Values.externalPostgresql.url) (not .Values.existingSecret) }}
{{- fail "externalNats.url needs a Postgres shared by every replica: set externalPostgresql.url, or DATABASE_URL in existingSecret" }}
{{- end }}
{{- if hasKey .Values.config "TRUSTED_PROXIES" }}
{{- fail "set trustedProxies, not config.TRUSTED_PROXIES" }}
{{- end }}
{{- if and .Values.ingress.enabled (not .Values.trustedProxies) }}
{{- fail "ingress.enabled needs trustedProxies: the ingress controller pods' address range (CIDRs, e.g. --set trustedProxies=10.42.7.0/24). Without it the gateway sees http:// behind a TLS Ingress (every cookie write is refused by the CSRF check, 403) and all users share the controller's login limit" }}
{{- end }}
{{- if and .Values.serviceMonitor.enabled (not .Values.existingSecret) (not .Values.secrets.metricsToken) }}
{{- fail "serviceMonitor.enabled needs secrets.metricsToken (or METRICS_TOKEN in existingSecret): without a token /metrics answers only on the pod's loopback" }}
{{- end }}
{{- with .Values.secrets.gatewaySecretKey }}
{{- if lt (len .) 32 }}
{{- fail "secrets.gatewaySecretKey needs at least 32 characters" }}
{{- end }}
{{- end }}
{{- end }}

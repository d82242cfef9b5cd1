{{/* The chart name, or nameOverride. */}}
{{- define "strata.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The base name of every resource: fullnameOverride, else the release name, suffixed with the chart
name unless the release name already contains it. 63 characters is the DNS label limit.
*/}}
{{- define "strata.fullname" -}}
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

{{/* Labels that select the pod: never change them, a StatefulSet's selector is immutable. */}}
{{- define "strata.selectorLabels" -}}
app.kubernetes.io/name: {{ include "strata.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "strata.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "strata.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The Secret holding STRATA_MASTER_KEY, STRATA_ADMIN_TOKEN, STRATA_METRICS_TOKEN: the user's, or the chart's. */}}
{{- define "strata.secretName" -}}
{{- default (include "strata.fullname" .) .Values.secret.existingSecret }}
{{- end }}

{{/* Whether the chart renders its own Secret: some value given and no existingSecret. */}}
{{- define "strata.rendersSecret" -}}
{{- if and (not .Values.secret.existingSecret) (or .Values.secret.masterKey .Values.secret.adminToken .Values.secret.metricsToken) }}true{{ end }}
{{- end }}

{{/* Whether the pod gets a TLS certificate instead of generating one. */}}
{{- define "strata.hasTls" -}}
{{- if or .Values.tls.existingSecret .Values.tls.certificate }}true{{ end }}
{{- end }}

{{- define "strata.tlsSecretName" -}}
{{- default (printf "%s-tls" (include "strata.fullname" .)) .Values.tls.existingSecret }}
{{- end }}

{{/*
The config file the server reads through STRATA_CONFIG: the user's `config`, with the keys the
chart must own for its ports, probes and Service to agree with the server laid over it.
*/}}
{{- define "strata.configFile" -}}
{{- $fullname := include "strata.fullname" . }}
{{- $namespace := .Release.Namespace }}
{{- $hostNames := list $fullname (printf "%s.%s" $fullname $namespace) (printf "%s.%s.svc" $fullname $namespace) (printf "%s.%s.svc.cluster.local" $fullname $namespace) }}
{{- $owned := dict
  "api" (dict "port" (int .Values.ports.api) "tlsHostNames" (concat $hostNames .Values.tls.extraHostNames))
  "admin" (dict "port" (int .Values.ports.admin))
  "metrics" (dict "port" (int .Values.ports.metrics)) }}
{{- toYaml (mergeOverwrite (deepCopy .Values.config) $owned) }}
{{- end }}

{{/* Fails the render on values the server would reject at start, where the error is clearer. */}}
{{- define "strata.validate" -}}
{{- with .Values.secret.masterKey }}
{{- if not (regexMatch "^[^:]{1,64}:[A-Za-z0-9+/]{43}=$" .) }}
{{- fail "secret.masterKey must be <id>:<base64 of 32 bytes>, e.g. mk-1:$(head -c 32 /dev/urandom | base64)" }}
{{- end }}
{{- end }}
{{- if and .Values.metrics.requireToken (not .Values.secret.existingSecret) (not .Values.secret.metricsToken) }}
{{- fail "metrics.requireToken needs the token: secret.metricsToken, or key STRATA_METRICS_TOKEN in secret.existingSecret" }}
{{- end }}
{{- if ne (empty .Values.tls.certificate) (empty .Values.tls.privateKey) }}
{{- fail "tls.certificate and tls.privateKey are given together or not at all" }}
{{- end }}
{{- end }}

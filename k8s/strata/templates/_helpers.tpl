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

{{/* Whether the user gives the TLS certificate. */}}
{{- define "strata.userTls" -}}
{{- if or .Values.tls.existingSecret .Values.tls.certificate }}true{{ end }}
{{- end }}

{{/*
Whether the chart makes the TLS certificate: a cluster given none. A follower forwards writes to
the leader over HTTPS and trusts only the certificate it serves itself, so every member must serve
the same one; a single node generates its own on first start instead.
*/}}
{{- define "strata.generatesTls" -}}
{{- if and (include "strata.isCluster" .) (not (include "strata.userTls" .)) }}true{{ end }}
{{- end }}

{{/* Whether the pod gets a TLS certificate instead of generating one. */}}
{{- define "strata.hasTls" -}}
{{- if or (include "strata.userTls" .) (include "strata.generatesTls" .) }}true{{ end }}
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

{{/* Whether the pods form a Raft group (replicas above 1) rather than run one single node. */}}
{{- define "strata.isCluster" -}}
{{- if gt (int .Values.replicas) 1 }}true{{ end }}
{{- end }}

{{/* The headless Service that gives each member a stable DNS name, for the others' Raft clients. */}}
{{- define "strata.headlessName" -}}
{{- printf "%s-headless" (include "strata.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
STRATA_PEERS: the founding members (cluster.initialMembers, else every replica) as
<pod name>@<pod>.<headless Service>.<namespace>.svc.<domain>:<raft port>. A member's id is its pod
name, which the StatefulSet keeps stable across restarts and reschedules, like its volume.
*/}}
{{- define "strata.peers" -}}
{{- $fullname := include "strata.fullname" . }}
{{- $headless := include "strata.headlessName" . }}
{{- $members := int (default .Values.replicas .Values.cluster.initialMembers) }}
{{- $peers := list }}
{{- range $ordinal := until $members }}
{{- $pod := printf "%s-%d" $fullname $ordinal }}
{{- $peers = append $peers (printf "%s@%s.%s.%s.svc.%s:%d" $pod $pod $headless $.Release.Namespace $.Values.cluster.domain (int $.Values.ports.raft)) }}
{{- end }}
{{- join "," $peers }}
{{- end }}

{{/*
The pod's affinity: the user's `affinity`, plus a podAntiAffinity between the members unless the
user gave one or podAntiAffinity.type is empty. A single node has no members to keep apart.
*/}}
{{- define "strata.affinity" -}}
{{- $affinity := deepCopy .Values.affinity }}
{{- $spread := .Values.podAntiAffinity }}
{{- if and (include "strata.isCluster" .) $spread.type (not (hasKey $affinity "podAntiAffinity")) }}
{{- $term := dict "topologyKey" $spread.topologyKey "labelSelector" (dict "matchLabels" (include "strata.selectorLabels" . | fromYaml)) }}
{{- if eq $spread.type "required" }}
{{- $_ := set $affinity "podAntiAffinity" (dict "requiredDuringSchedulingIgnoredDuringExecution" (list $term)) }}
{{- else }}
{{- $_ := set $affinity "podAntiAffinity" (dict "preferredDuringSchedulingIgnoredDuringExecution" (list (dict "weight" 100 "podAffinityTerm" $term))) }}
{{- end }}
{{- end }}
{{- with $affinity }}
{{- toYaml . }}
{{- end }}
{{- end }}

{{/*
The preStop hook's command: `strata admin cluster transfer-leadership` against this pod's own admin
API, which moves the leadership to the most caught-up other member if this pod holds it, and does
nothing otherwise. A small heap: it runs next to the server, inside the container's memory limit
(an -Xmx on the command line wins over JAVA_TOOL_OPTIONS' MaxRAMPercentage). The call goes to this
pod's own address, which a certificate of the user's need not name, so host names are not checked
there; the certificate itself still is, against the one the server presents.
*/}}
{{- define "strata.transferLeadershipCommand" -}}
{{- $host := ternary "${STRATA_ADMIN_HOST}" "127.0.0.1" .Values.admin.onPodAddress }}
{{- $caCert := ternary "/etc/strata/tls/tls.crt" "/data/tls/cert.pem" (eq (include "strata.hasTls" .) "true") }}
{{- printf `exec java -Xmx64m -XX:TieredStopAtLevel=1 -Djdk.internal.httpclient.disableHostnameVerification=true -cp "/app/strata-service.jar:/app/lib/*" io.strata.service.Main admin --url "https://%s:%d" --ca-cert %s cluster transfer-leadership` $host (int .Values.ports.admin) $caCert }}
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
{{- if and (include "strata.isCluster" .) (not .Values.secret.existingSecret) (not .Values.secret.masterKey) }}
{{- fail (printf "a cluster of %d needs one master key on every member (each would otherwise generate its own and could not open the data keys the others write): set secret.masterKey or secret.existingSecret, or replicas=1 for a single node" (int .Values.replicas)) }}
{{- end }}
{{- if gt (int .Values.cluster.initialMembers) (int .Values.replicas) }}
{{- fail (printf "cluster.initialMembers (%d) cannot exceed replicas (%d)" (int .Values.cluster.initialMembers) (int .Values.replicas)) }}
{{- end }}
{{- if not (has .Values.podAntiAffinity.type (list "preferred" "required" "")) }}
{{- fail (printf "podAntiAffinity.type is preferred, required or empty, not %q" .Values.podAntiAffinity.type) }}
{{- end }}
{{- if ne (empty .Values.tls.certificate) (empty .Values.tls.privateKey) }}
{{- fail "tls.certificate and tls.privateKey are given together or not at all" }}
{{- end }}
{{- end }}

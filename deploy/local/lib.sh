# shellcheck shell=bash
# Shared by deploy/local/up, down and status; sourced, never run.
# shellcheck disable=SC2034 # its settings are read by the scripts that source it

CASELEDGER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

export CASELEDGER_DATA="${CASELEDGER_DATA:-$CASELEDGER_ROOT/.local-data}"
export CASELEDGER_PG_PORT="${CASELEDGER_PG_PORT:-15432}"
export CASELEDGER_KAFKA_PORT="${CASELEDGER_KAFKA_PORT:-9092}"
export CASELEDGER_KAFKA_CONTROLLER_PORT="${CASELEDGER_KAFKA_CONTROLLER_PORT:-9093}"
# 1 broker, or a cluster of 3 (kafka-1, kafka-2, kafka-3) whose topics keep 3 replicas and accept a write on 2.
export CASELEDGER_KAFKA_BROKERS="${CASELEDGER_KAFKA_BROKERS:-1}"
export CASELEDGER_SMTP_PORT="${CASELEDGER_SMTP_PORT:-3025}"
export CASELEDGER_MAIL_WEB_PORT="${CASELEDGER_MAIL_WEB_PORT:-8025}"
export CASELEDGER_KEYCLOAK_PORT="${CASELEDGER_KEYCLOAK_PORT:-8180}"
export CASELEDGER_KEYCLOAK_MANAGEMENT_PORT="${CASELEDGER_KEYCLOAK_MANAGEMENT_PORT:-8190}"
# 1, or 2: a second case-service and a second appeal-service (case-service-2, appeal-service-2) on ports of their own
# over the same databases, as two replicas of a deployment (the fault drill's instances step).
export CASELEDGER_SERVICE_INSTANCES="${CASELEDGER_SERVICE_INSTANCES:-1}"
[[ "$CASELEDGER_SERVICE_INSTANCES" == 1 || "$CASELEDGER_SERVICE_INSTANCES" == 2 ]] || {
  echo "error: CASELEDGER_SERVICE_INSTANCES is '$CASELEDGER_SERVICE_INSTANCES'; it is 1 (the default) or 2" >&2
  exit 1
}

START_TIMEOUT="${CASELEDGER_START_TIMEOUT:-120}"
# Keycloak's first start builds its server image and creates its schema: minutes on a busy machine.
KEYCLOAK_START_TIMEOUT="${CASELEDGER_KEYCLOAK_START_TIMEOUT:-600}"
STOP_TIMEOUT="${CASELEDGER_STOP_TIMEOUT:-30}"

RUN_DIR="$CASELEDGER_DATA/run"
LOG_DIR="$CASELEDGER_DATA/logs"
PG_DATA_DIR="$CASELEDGER_DATA/postgres"
SECRETS_DIR="$CASELEDGER_DATA/secrets"
KEYCLOAK_IMPORT_DIR="$CASELEDGER_DATA/keycloak/import"

# The whole stack in start order, one component a line: name, kind, port, database (services only).
# A service whose module (<name>/pom.xml) is not in this checkout is skipped, so the list can run ahead of the code.
# Node n of a Kafka cluster listens on the first node's broker and controller ports plus 2 × (n − 1) (LocalKafka).
kafka_node_port() { echo $(($1 + 2 * ($2 - 1))); } # first-node-port node
KAFKA_COMPONENTS=()
if [[ "$CASELEDGER_KAFKA_BROKERS" == 1 ]]; then
  KAFKA_COMPONENTS=("kafka                infra    $CASELEDGER_KAFKA_PORT                 -")
elif [[ "$CASELEDGER_KAFKA_BROKERS" == 3 ]]; then
  for node in 1 2 3; do
    KAFKA_COMPONENTS+=("kafka-$node              infra    $(kafka_node_port "$CASELEDGER_KAFKA_PORT" "$node")                 -")
  done
else
  echo "error: CASELEDGER_KAFKA_BROKERS is '$CASELEDGER_KAFKA_BROKERS'; it is 1 (the default) or 3" >&2
  exit 1
fi
COMPONENTS=(
  "postgres             infra    $CASELEDGER_PG_PORT                    -"
  "${KAFKA_COMPONENTS[@]}"
  "mail                 infra    $CASELEDGER_SMTP_PORT                  -"
  "keycloak             infra    $CASELEDGER_KEYCLOAK_PORT              -"
  "case-service         service  ${CASE_SERVICE_PORT:-8081}             cases"
  "appeal-service       service  ${APPEAL_SERVICE_PORT:-8082}           appeals"
  "notification-service service  ${NOTIFICATION_SERVICE_PORT:-8083}     notifications"
  "projections          service  ${PROJECTIONS_PORT:-8084}              projections"
)

# Axon asks its vendor for updates unless told not to; this ledger contacts nobody.
COMMON_JAVA_OPTS=(-Daxoniq.update-checker.disabled=true -XX:+ExitOnOutOfMemoryError)
SERVICE_HEAP="${CASELEDGER_SERVICE_XMX:-384m}"
# case-service holds every aggregate's head for its ledger checkpoints (docs/ledger-proof.md, "The heads at a
# million cases"): some 82 bytes an aggregate, in arrays that grow by half when full. At about a million cases 384m
# ran out under an import; its heap is sized for a ledger of a few million.
CASE_SERVICE_HEAP="${CASELEDGER_CASE_SERVICE_XMX:-768m}"
# The services run with the JVM's default compilers, C1 then C2 (`c1`: C1-compiled code only). C1 only once halved
# case-service's CPU per command, when each command cost many times what it does now and C2 never caught up; on the
# stack as it is now C2 pays for itself after a minute or two under load (deploy/local/README.md, C2 again).
case "${CASELEDGER_SERVICE_JIT:-tiered}" in
  c1) SERVICE_JIT_OPTS=(-XX:TieredStopAtLevel=1) ;;
  tiered) SERVICE_JIT_OPTS=() ;;
  *) echo "error: CASELEDGER_SERVICE_JIT is '$CASELEDGER_SERVICE_JIT'; it is tiered (the default) or c1" >&2; exit 1 ;;
esac
# The services collect garbage with the serial collector (`serial`), or with the JVM's own choice on this machine, G1
# (`g1`). On two cores shared with PostgreSQL and Kafka, serial took less CPU per command across the stack and ran the
# closed loop faster (deploy/local/README.md, The serial collector); each service's heap is small (SERVICE_HEAP).
case "${CASELEDGER_SERVICE_GC:-serial}" in
  serial) SERVICE_GC_OPTS=(-XX:+UseSerialGC) ;;
  g1) SERVICE_GC_OPTS=(-XX:+UseG1GC) ;;
  *) echo "error: CASELEDGER_SERVICE_GC is '$CASELEDGER_SERVICE_GC'; it is serial (the default) or g1" >&2; exit 1 ;;
esac
# case-service's database connections: openings take their numbers from one row, one after the other, and with
# Hikari's 10 up to ten requests waited inside PostgreSQL; with 4 they wait in the pool, and on this 2-core stack the
# closed loop ran faster with less CPU per command (deploy/local/README.md, case-service's connections).
CASE_SERVICE_POOL="${CASELEDGER_CASE_SERVICE_POOL:-4}"
[[ "$CASE_SERVICE_POOL" =~ ^[1-9][0-9]*$ ]] || {
  echo "error: CASELEDGER_CASE_SERVICE_POOL is '$CASE_SERVICE_POOL'; it is case-service's connections, 1 or more" >&2
  exit 1
}
# Kafka keeps the JVM's own collector, G1 here: with the serial one its CPU a command moved no more than runs differ
# by, and its long-lived heap was collected whole, every produce and fetch stopped (deploy/local/README.md, The
# serial collector).
KAFKA_HEAP="${CASELEDGER_KAFKA_XMX:-512m}"
MAIL_HEAP=128m
POSTGRES_LAUNCHER_HEAP=128m
KEYCLOAK_HEAP="${CASELEDGER_KEYCLOAK_XMX:-512m}"

# One sed each, quitting at the first match: a reader that stops early would break a pipe, which pipefail reports.
project_version() {
  sed -n '/<\/parent>/,${/<version>/{s/.*<version>\([^<]*\)<\/version>.*/\1/p;q;}}' "$CASELEDGER_ROOT/pom.xml"
}
keycloak_version() {
  sed -n '/<keycloak.version>/{s/.*<keycloak.version>\([^<]*\)<\/keycloak.version>.*/\1/p;q;}' \
    "$CASELEDGER_ROOT/deploy/local/pom.xml"
}
VERSION="$(project_version)"
LOCAL_JAR="$CASELEDGER_ROOT/deploy/local/target/local-$VERSION.jar"
LOCAL_LIB="$CASELEDGER_ROOT/deploy/local/target/lib"
# The benchmark harness and generator (deploy/bench) and its runtime classpath.
BENCH_JAR="$CASELEDGER_ROOT/deploy/bench/target/bench-$VERSION.jar"
BENCH_LIB="$CASELEDGER_ROOT/deploy/bench/target/lib"
# GreenMail's standalone server, the development SMTP server notification-service sends its e-mail to.
GREENMAIL_JAR="$CASELEDGER_ROOT/deploy/local/target/greenmail/greenmail-standalone.jar"
KEYCLOAK_HOME="$CASELEDGER_ROOT/deploy/local/target/keycloak-$(keycloak_version)"
KEYCLOAK_REALM=caseledger
# The realm's users on the local stack, one per role; their passwords are generated under $SECRETS_DIR/keycloak.
KEYCLOAK_USERS=(viewer analyst operator admin)
# The Keycloak client whose service account projections, notification-service and appeal-service fetch data keys as.
PERSONAL_DATA_CLIENT=caseledger-personal-data

die() { echo "error: $*" >&2; exit 1; }

component_field() { # name field-number
  local line f
  for line in "${COMPONENTS[@]}"; do
    read -r -a f <<<"$line"
    if [[ "${f[0]}" == "$1" ]]; then
      echo "${f[$2]}"
      return 0
    fi
  done
  return 1
}
# A service's actuator (health, /actuator/prometheus) listens on a port of its own, on 127.0.0.1.
management_port() { # name
  case "$1" in
    case-service) echo "${CASE_SERVICE_MANAGEMENT_PORT:-9081}" ;;
    appeal-service) echo "${APPEAL_SERVICE_MANAGEMENT_PORT:-9082}" ;;
    notification-service) echo "${NOTIFICATION_SERVICE_MANAGEMENT_PORT:-9083}" ;;
    projections) echo "${PROJECTIONS_MANAGEMENT_PORT:-9084}" ;;
    case-service-2) echo "${CASE_SERVICE_2_MANAGEMENT_PORT:-9085}" ;;
    appeal-service-2) echo "${APPEAL_SERVICE_2_MANAGEMENT_PORT:-9086}" ;;
    *) return 1 ;;
  esac
}
component_kind() { component_field "$1" 1; }
component_port() { component_field "$1" 2; }
component_db() { component_field "$1" 3; }
# The module a service runs from: case-service-2 is a second case-service.
service_module() { echo "${1%-2}"; }
service_jar() {
  local module
  module="$(service_module "$1")"
  echo "$CASELEDGER_ROOT/$module/target/$module-$VERSION.jar"
}

# A service runs from its jar extracted (Spring Boot's `-Djarmode=tools extract`): the application's classes in a jar
# of their own, the libraries as plain jars beside it, which the JVM reads faster than jars nested in one and which
# class data sharing needs. Its first start records the classes it loads into an archive, which the JVM writes when the
# service is stopped (SIGTERM) and keep_class_archive keeps; every later start maps that archive rather than read,
# parse and verify those classes again (deploy/local/README.md, Starting from a class archive). One folder for each
# build of the jar, named by its checksum; one archive in it for each JVM, named by the JVM's build. The folders are
# made beside the jar, so the end-to-end tests and every data folder share them, or under CASELEDGER_SERVICE_RUNS.
service_run_dir() { # module -> the folder its jar is extracted to, made when missing
  local module="$1" jar sum dir made
  jar="$(service_jar "$module")"
  [[ -f "$jar" ]] || die "$jar is missing; build $module first"
  sum="$(sha256sum "$jar" | cut -c1-16)" || die "cannot read $jar"
  dir="${CASELEDGER_SERVICE_RUNS:-$CASELEDGER_ROOT/$module/target}/$module-$VERSION-$sum"
  if [[ ! -d "$dir" ]]; then
    mkdir -p "$(dirname "$dir")"
    made="$(mktemp -d "$dir.XXXXXX")"
    java -Djarmode=tools -jar "$jar" extract --destination "$made/app" >/dev/null ||
      { rm -rf "$made"; die "cannot extract $jar"; }
    # Whoever extracts the same jar at the same moment (a test JVM beside this) made the same folder: either is kept.
    mv -T "$made/app" "$dir" 2>/dev/null || [[ -d "$dir" ]] || { rm -rf "$made"; die "cannot make $dir"; }
    rm -rf "$made"
    # Earlier builds' folders (each about 150 MB with its archive) go once no process runs from them.
    for earlier in "${dir%-*}"-????????????????; do
      [[ "$earlier" == "$dir" ]] || in_use "$earlier/" || rm -rf "$earlier"
    done
  fi
  echo "$dir"
}

in_use() { grep -qsF -- "$1" /proc/[0-9]*/cmdline; } # path: on the command line of a running process

# The JVM's own build, such as 17.0.15+6-Debian-1deb12u1: an archive belongs to the JVM that wrote it.
java_build() {
  java -version 2>&1 | sed -n 's/.*Runtime Environment.*(build \([^)]*\)).*/\1/p' | head -n1 | tr -c 'A-Za-z0-9.+_\n-' _
}

service_launch() { # module -> the options that start it, one a line: its class archive's, -jar and the jar
  local module="$1" dir archive
  dir="$(service_run_dir "$module")" || exit 1
  archive="$dir/$module-java-$(java_build).jsa"
  if [[ -f "$archive" ]]; then
    printf '%s\n' "-XX:SharedArchiveFile=$archive"
  else
    # What a recording process that ended by itself (a failed start) wrote is no one's: it would only take room.
    for part in "$archive".*.part; do
      [[ ! -e "$part" ]] || in_use "$part" || rm -f "$part"
    done
    # A name of its own for each start that records, so that two stopped at once never write one file; the classes
    # the JVM leaves out of an archive (generated, or not verifiable here) are warned of one by one: errors only.
    printf '%s\n' "-XX:ArchiveClassesAtExit=$(mktemp -u "$archive.XXXXXX.part")" -Xlog:cds=error
  fi
  printf '%s\n' -jar "$dir/$module-$VERSION.jar"
}

# The archive a process was recording, from its command line; nothing when it maps one or runs without.
recording_archive() { # pid
  tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null | sed -n 's/^-XX:ArchiveClassesAtExit=//p' || true
}

# A recording process that was running and stopped on SIGTERM wrote its archive whole: it becomes the service's. One
# killed wrote nothing or part of one, which is dropped.
keep_class_archive() { # recorded-archive stopped-when-told(yes|no)
  if [[ "$2" == yes && -s "$1" ]]; then
    mv -f "$1" "${1%.*.part}"
  else
    rm -f "$1"
  fi
}

# Components of this checkout, in start order.
present_components() {
  local line name
  for line in "${COMPONENTS[@]}"; do
    read -r name _ <<<"$line"
    if [[ "$(component_kind "$name")" == infra || -f "$CASELEDGER_ROOT/$(service_module "$name")/pom.xml" ]]; then
      echo "$name"
    fi
  done
}

# The named components (all present ones when none are named), checked and put in start order.
select_components() {
  local present name
  present="$(present_components)"
  for name in "$@"; do
    component_kind "$name" >/dev/null || die "unknown component '$name' (known: $(tr '\n' ' ' <<<"$present"))"
    grep -qx -- "$name" <<<"$present" || die "$name has no module in this checkout"
  done
  for name in $present; do
    if [[ $# -eq 0 ]] || printf '%s\n' "$@" | grep -qx -- "$name"; then
      echo "$name"
    fi
  done
}

pid_file() { echo "$RUN_DIR/$1.pid"; }
log_file() { echo "$LOG_DIR/$1.log"; }

# The pid of the component's JVM, if it runs. The marker on its command line guards against a recycled pid.
# The launched process leads a process group of its own (setsid); a JVM that its launcher runs as a child, as
# Keycloak's kc.sh does, carries the marker too, and is found in that group when the launcher itself is gone (killed
# alone, it leaves its JVM running), so that status still shows it and down still stops it.
running_pid() {
  local file pid member
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(<"$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  if carries_marker "$pid" "$1"; then
    echo "$pid"
    return 0
  fi
  for member in $(ps -e -o pid= -o pgid= | awk -v group="$pid" '$2 == group && $1 != group { print $1 }'); do
    if carries_marker "$member" "$1"; then
      echo "$member"
      return 0
    fi
  done
  return 1
}

carries_marker() { # pid component
  [[ -r "/proc/$1/cmdline" ]] || return 1
  tr '\0' '\n' <"/proc/$1/cmdline" | grep -qx -- "-Dcaseledger.component=$2"
}

# The PostgreSQL postmaster owning the data directory, if alive: it outlives a launcher that was killed hard.
postmaster_pid() {
  local file="$PG_DATA_DIR/postmaster.pid" pid
  [[ -f "$file" ]] || return 1
  pid="$(head -n1 "$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q postgres || return 1
  echo "$pid"
}

port_open() {
  (exec 3<>"/dev/tcp/localhost/$1") 2>/dev/null
}

# wait_gone pid seconds
wait_gone() {
  local pid="$1" deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# Fast shutdown (SIGINT) of an orphaned postmaster. Its children each run in a session of their own,
# so when it has to be killed they are found by parent pid.
stop_postmaster() {
  local pid children child
  pid="$(postmaster_pid)" || return 0
  echo "stopping orphaned PostgreSQL postmaster (pid $pid)"
  kill -INT "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$STOP_TIMEOUT"; then
    echo "postmaster $pid ignored fast shutdown; killing it and its children"
    children="$(ps -o pid= --ppid "$pid" || true)"
    # shellcheck disable=SC2086 # one pid a word
    kill -KILL "$pid" $children 2>/dev/null || true
    for child in $pid $children; do
      wait_gone "$child" 10 || die "postgres process $child survived SIGKILL"
    done
  fi
}

stop_component() {
  local name="$1" pid recording stopped=yes
  if pid="$(running_pid "$name")"; then
    echo "stopping $name (pid $pid)"
    recording="$(recording_archive "$pid")"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" "$STOP_TIMEOUT"; then
      echo "$name did not stop within ${STOP_TIMEOUT}s; killing it"
      stopped=no
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" 10 || die "$name (pid $pid) survived SIGKILL"
    fi
    [[ -z "$recording" ]] || keep_class_archive "$recording" "$stopped"
  else
    echo "$name is not running"
  fi
  rm -f "$(pid_file "$name")"
  if [[ "$name" == postgres ]]; then
    stop_postmaster
  fi
}

# The Kafka components of this configuration: kafka, or kafka-1 kafka-2 kafka-3.
kafka_components() {
  local line name
  for line in "${KAFKA_COMPONENTS[@]}"; do
    read -r name _ <<<"$line"
    echo "$name"
  done
}
is_kafka() { [[ "$1" == kafka || "$1" == kafka-[0-9] ]]; }
# The node number of a Kafka component: kafka-2 -> 2, kafka -> 1.
kafka_node() { if [[ "$1" == kafka-* ]]; then echo "${1#kafka-}"; else echo 1; fi; }
kafka_controller_port() { kafka_node_port "$CASELEDGER_KAFKA_CONTROLLER_PORT" "$(kafka_node "$1")"; }
# What the services and clients bootstrap from: every broker, so that any one of them is enough to start.
kafka_bootstrap() {
  local name list=()
  for name in $(kafka_components); do
    list+=("localhost:$(component_port "$name")")
  done
  (IFS=,; echo "${list[*]}")
}

jdbc_url() { echo "jdbc:postgresql://localhost:$CASELEDGER_PG_PORT/${1:-<database>}"; }

# The issuer the services validate tokens against: the same URL in every token, whoever asked for it.
issuer_uri() { echo "http://localhost:$CASELEDGER_KEYCLOAK_PORT/realms/$KEYCLOAK_REALM"; }

# The role a service connects to PostgreSQL as (case-service -> case_service, case-service-2 too); <role>_owner runs
# its migrations.
service_role() { local module; module="$(service_module "$1")"; echo "${module//-/_}"; }

# The Ed25519 key pair a service signs its ledger's checkpoints with, in $SECRETS_DIR/ledger/<service>.pem and
# <service>.pub.pem, made on first use (LocalLedgerKeys).
ledger_key() { # service
  [[ -f "$SECRETS_DIR/ledger/$1.pem" && -f "$SECRETS_DIR/ledger/$1.pub.pem" ]] && return 0
  java "${COMMON_JAVA_OPTS[@]}" -cp "$LOCAL_JAR:$LOCAL_LIB/*" org.caseledger.local.LocalLedgerKeys \
    "$SECRETS_DIR/ledger" "$1" || die "cannot make the checkpoint signing key of $1 in $SECRETS_DIR/ledger"
}

# case-service's key-encryption key, which wraps the data keys: made once into $SECRETS_DIR/personal-data/kek (mode
# 0600) as '<id>:<base64 of 32 random bytes>', never beside the keys' database. A new key goes on the first line, the
# old one below it, until case-service has rewrapped every data key at its next start (docs/personal-data.md).
personal_data_kek() {
  local file="$SECRETS_DIR/personal-data/kek"
  [[ -f "$file" ]] && return 0
  (umask 077 && mkdir -p "$(dirname "$file")" &&
    printf 'local-%s:%s\n' "$(date -u +%Y%m%d)" "$(head -c 32 /dev/urandom | base64 | tr -d '\n')" >"$file") ||
    die "cannot make the key-encryption key in $file"
}

# The password kept in $SECRETS_DIR/<name>, made on first use: 18 random bytes, URL-safe base64, no line break,
# in files of mode 0600 under folders of 0700 (LocalSecrets writes the same).
secret() { # name
  local file="$SECRETS_DIR/$1"
  if [[ ! -f "$file" ]]; then
    (umask 077 && mkdir -p "$(dirname "$file")" && head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '\n' >"$file")
  fi
  cat "$file"
}

# A password that the postgres launcher generates; missing until PostgreSQL first started with this data folder.
postgres_secret() { # role
  [[ -f "$SECRETS_DIR/postgres/$1" ]] ||
    die "no password for database role $1 in $SECRETS_DIR/postgres: start postgres first (deploy/local/up postgres)"
  cat "$SECRETS_DIR/postgres/$1"
}

# Builds deploy/bench when its jar or classpath is missing or older than its sources; never a jar the stack runs.
bench_built() {
  if [[ ! -f "$BENCH_JAR" || ! -d "$BENCH_LIB" || -n "$(cd "$CASELEDGER_ROOT" && find pom.xml deploy/bench/pom.xml \
    deploy/bench/src/main -newer "$BENCH_JAR" -type f -print -quit 2>/dev/null)" ]]; then
    echo "building deploy/bench (jar missing or older than its sources)" >&2
    (cd "$CASELEDGER_ROOT" && mvn -B -q -DskipTests package -pl deploy/bench) >&2 || die "building deploy/bench failed"
  fi
}

# The second instances come last in start order, first in stop order. They are listed when asked for, and also
# whenever one runs, so that down and status without the variable still stop and show it.
if [[ "$CASELEDGER_SERVICE_INSTANCES" == 2 ]] || running_pid case-service-2 >/dev/null ||
  running_pid appeal-service-2 >/dev/null; then
  COMPONENTS+=(
    "case-service-2       service  ${CASE_SERVICE_2_PORT:-8085}           cases"
    "appeal-service-2     service  ${APPEAL_SERVICE_2_PORT:-8086}         appeals"
  )
fi

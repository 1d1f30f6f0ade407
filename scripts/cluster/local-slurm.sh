#!/usr/bin/env bash
# A single-node Slurm on this machine, for trying the cluster scripts and for their tests:
# munge with a generated key, slurmctld and slurmd as root, a slurm.conf with the node's real
# CPUs and memory (slurmd -C), no accounting, no cgroups. Needs Debian's slurm-wlm and munge
# (apt-get install slurm-wlm munge) and root.
#
# Usage: scripts/cluster/local-slurm.sh start|stop|status [STATE_DIR]
#   start   writes the configuration under STATE_DIR (default /tmp/gridplan-slurm), starts the
#           daemons and waits (up to 60 s) until sinfo shows the node idle
#   stop    stops the daemons it started (their pid files under STATE_DIR)
#   status  sinfo's view of the node
# Slurm's tools find the configuration through SLURM_CONF: after `start`, run
#   export SLURM_CONF=STATE_DIR/slurm.conf
set -euo pipefail

action=${1:-}
state=${2:-/tmp/gridplan-slurm}
conf=$state/slurm.conf
export SLURM_CONF=$conf

die() { echo "local-slurm: $*" >&2; exit 1; }

start() {
  [[ $(id -u) == 0 ]] || die "run as root (slurmd starts jobs as their users)"
  for tool in munged slurmctld slurmd sinfo; do
    command -v "$tool" > /dev/null || die "$tool not found: apt-get install slurm-wlm munge"
  done
  mkdir -p "$state"/{munge,spool/ctld,spool/d,log}
  chmod 700 "$state/munge"
  # A fresh key each time: this Slurm trusts only itself.
  dd if=/dev/urandom of="$state/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$state/munge/munge.key"
  munged --key-file="$state/munge/munge.key" --socket="$state/munge/socket" \
    --pid-file="$state/munge/munged.pid" --log-file="$state/log/munged.log" \
    --seed-file="$state/munge/seed" --force
  local node cpus memory
  node=$(hostname -s)
  cpus=$(slurmd -C | sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' | head -n1)
  memory=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -n1)
  cat > "$conf" << EOF
# Written by scripts/cluster/local-slurm.sh: one node, this machine.
ClusterName=gridplan-local
SlurmctldHost=$node(127.0.0.1)
AuthType=auth/munge
AuthInfo=socket=$state/munge/socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$state/spool/ctld
SlurmdSpoolDir=$state/spool/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=main Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
  slurmctld -f "$conf"
  slurmd -f "$conf"
  for _ in $(seq 60); do
    if sinfo -h -o '%T' 2> /dev/null | grep -qx idle; then
      echo "local-slurm: node $node idle ($cpus CPUs, $memory MB); export SLURM_CONF=$conf"
      return 0
    fi
    sleep 1
  done
  die "the node did not become idle within 60 s (logs: $state/log)"
}

stop() {
  local pidfile pid
  for pidfile in "$state/slurmd.pid" "$state/slurmctld.pid" "$state/munge/munged.pid"; do
    [[ -f $pidfile ]] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2> /dev/null || true
    for _ in $(seq 20); do kill -0 "$pid" 2> /dev/null || break; sleep 0.5; done
    rm -f "$pidfile"
  done
}

case $action in
  start) start ;;
  stop) stop ;;
  status) sinfo ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac

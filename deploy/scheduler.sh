#!/bin/sh
# The periodic commands of README "Operations", for a deployment without
# cron (compose.yaml service "scheduler"; on a host with cron or systemd
# timers, run the same commands from there instead):
#
#   every 5 minutes  manage.py publish_scheduled
#   hourly           manage.py sync_shared
#   daily            manage.py prune_db_task_results --backend sharing
#                    manage.py empty_trash
#
# Each run starts on a five-minute mark of the clock (UTC), so the hourly
# and daily ones come at the top of the hour and at midnight UTC, however
# long the commands before them took. A command that fails is logged and
# tried again at its next time; the loop goes on.
set -u
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
STEP=300

run() {
    echo "scheduler: manage.py $*"
    "$PYTHON" manage.py "$@" || echo "scheduler: manage.py $* failed (exit $?)" >&2
}

# Stop at once on docker stop (SIGTERM), even in the middle of a sleep.
trap 'exit 0' TERM INT

while :; do
    now=$(date +%s)
    run publish_scheduled
    if [ $((now % 3600)) -lt "$STEP" ]; then
        run sync_shared
    fi
    if [ $((now % 86400)) -lt "$STEP" ]; then
        run prune_db_task_results --backend sharing
        run empty_trash
    fi
    sleep $((STEP - $(date +%s) % STEP)) &
    wait $!
done

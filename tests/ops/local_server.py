"""Starting and stopping a server process of the tests' own (Redis, S3)."""

import socket
import subprocess
import time


def wait_until_listening(
    process: subprocess.Popen, port: int, seconds: float, name: str
) -> None:
    """Return once 127.0.0.1:`port` accepts connections; stop `process` and
    raise if it does not within `seconds` or exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.05)
    stop(process)
    raise RuntimeError(f"{name} did not start on port {port}")


def stop(process: subprocess.Popen) -> None:
    """Terminate `process`, killing it if it has not ended within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

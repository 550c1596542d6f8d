"""The ``zugong`` command: ``zugong demo``, ``zugong serve`` and every management command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zugong.settings")
    import django

    django.setup()


LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


def prepare_environment(argv: list[str], environ=os.environ) -> None:
    """Decide, before the settings are read, how ``zugong demo --serve`` runs.

    The demo is what a new user starts first, so it serves with DEBUG off: a Chinese
    error page, never a traceback or a settings dump; static files come from whitenoise
    (WHITENOISE_USE_FINDERS), not from Django's debug static view. ALLOWED_HOSTS holds
    127.0.0.1 and localhost, plus the host named in --addr. ZUGONG_DEBUG or
    ZUGONG_ALLOWED_HOSTS set in the environment still win (a developer who wants the
    debug pages sets ZUGONG_DEBUG=true)."""
    if argv[:1] != ["demo"] or "--serve" not in argv:
        return
    environ.setdefault("ZUGONG_DEBUG", "false")
    host = _address(argv).rpartition(":")[0].strip("[]")
    if "ZUGONG_ALLOWED_HOSTS" not in environ:
        hosts = [*LOOPBACK_HOSTS, "testserver"]
        if host and host not in hosts and host not in ("0.0.0.0", "::"):
            hosts.append(host)
        environ["ZUGONG_ALLOWED_HOSTS"] = ",".join(hosts)


def _address(argv: list[str]) -> str:
    if "--addr" in argv and argv.index("--addr") + 1 < len(argv):
        return argv[argv.index("--addr") + 1]
    return "127.0.0.1:8000"


def _run(argv: list[str]) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zugong", *argv])


def schedule_periodically(stop: threading.Event, interval: float) -> None:
    """Run ``zugong scan --due --enqueue`` now and then every ``interval`` seconds until
    ``stop`` is set, each tick in its own process: it hands every due scan (the to-do
    list, the work plan's lights, the upload clean-up …) to the task worker. A tick that
    fails (database away) is reported and the next one tries again; the scans' own lock
    keeps a second scheduler or a cron entry from running a scan twice."""
    while True:
        try:
            subprocess.run(
                [sys.executable, "-m", "zugong", "scan", "--due", "--enqueue", "-v", "0"],
                check=True,
                timeout=max(interval, 60),
            )
        except (OSError, subprocess.SubprocessError) as error:
            print(f"定时扫描调度失败，稍后重试：{error}", file=sys.stderr)
        if stop.wait(interval):
            return


def start_scheduler() -> threading.Event:
    """Beside the task worker: look for due scans every ZUGONG_SCHEDULER_SECONDS (0 turns
    it off, for deployments that run `zugong scan --due` from a timer). Set the returned
    event to stop it."""
    from django.conf import settings

    stop = threading.Event()
    seconds = settings.ZUGONG_SCHEDULER_SECONDS
    if seconds > 0:
        threading.Thread(
            target=schedule_periodically,
            args=(stop, seconds),
            name="zugong-scheduler",
            daemon=True,
        ).start()
    return stop


RQ_BACKEND = "django_tasks_rq.RQBackend"


def worker_command() -> list[str]:
    """The task worker for the configured backend: the database worker, or with
    ZUGONG_TASK_BACKEND=django_tasks_rq.RQBackend an rq worker on the Redis queue (its
    job class runs Django's tasks)."""
    from django.conf import settings

    if settings.TASKS["default"]["BACKEND"] == RQ_BACKEND:
        return [
            sys.executable,
            "-m",
            "zugong",
            "rqworker",
            "--job-class",
            "django_tasks_rq.backend.Job",
            "default",
        ]
    return [sys.executable, "-m", "zugong", "db_worker", "--interval", "1"]


def serve(addr: str) -> None:
    """The development server plus one task worker, stopped together."""
    from django.conf import settings

    worker = subprocess.Popen(worker_command())
    scheduler = start_scheduler()
    print(f"后台任务进程已启动（PID {worker.pid}），定时扫描由它执行。")
    print(f"系统地址：http://{addr}/   按 Ctrl+C 停止。")
    print("调试模式：" + ("开启（出错时显示调试页面）" if settings.DEBUG else "关闭"))
    try:
        _run(["runserver", "--noreload", addr])
    finally:
        scheduler.set()
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


def serve_prod(addr: str, workers: int) -> None:
    """The production server: gunicorn with several worker processes (static files from
    whitenoise), plus one task worker; refused while DEBUG is on."""
    from django.conf import settings

    if settings.DEBUG:
        print(
            "生产方式运行需要关闭调试：请设置 ZUGONG_ENV=production 及 ZUGONG_SECRET_KEY、"
            "ZUGONG_SM4_KEYS、ZUGONG_HMAC_KEY（见 docs/operations.md）。",
            file=sys.stderr,
        )
        sys.exit(2)
    _run(["collectstatic", "--noinput", "-v", "0"])
    worker = subprocess.Popen(worker_command())
    scheduler = start_scheduler()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "zugong.wsgi:application",
        "--bind",
        addr,
        "--workers",
        str(workers),
        "--timeout",
        "120",
        "--graceful-timeout",
        "20",
        "--access-logfile",
        "-",
    ]
    print(f"生产服务器：http://{addr}/（{workers}个工作进程），后台任务进程 PID {worker.pid}。")
    server = subprocess.Popen(command)
    try:
        server.wait()
    except KeyboardInterrupt:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    finally:
        scheduler.set()
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


USAGE = (
    "用法：zugong demo [--serve] [--addr 127.0.0.1:8000] [--persons 5000]\n"
    "      zugong serve [--addr 127.0.0.1:8000] [--prod [--workers N]]\n"
    "      zugong <Django管理命令> …（如 migrate、scan、verify_audit、rotate_keys、grant_role、db_worker、clean_uploads）\n"
    "      zugong <命令> --help 显示该命令的说明"
)

# zugong's own commands: their help, the flags they take and the options with a value.
COMMANDS = {
    "demo": {
        "help": (
            "用法：zugong demo [--serve] [--addr 127.0.0.1:8000] [--persons 5000]\n\n"
            "在空数据库上建立演示区（临桂区）：组织树、人员、党员、干部和各角色演示账号；\n"
            "演示数据已存在时不再重建，只列出演示账号。\n\n"
            "选项：\n"
            "  --persons N   人员数（默认5000）\n"
            "  --serve       建好后启动开发服务器和后台任务进程\n"
            "  --addr 地址   服务地址（默认127.0.0.1:8000，与 --serve 同用）\n"
            "  -h, --help    显示本说明，不做任何操作"
        ),
        "flags": {"--serve"},
        "options": {"--addr", "--persons"},
    },
    "serve": {
        "help": (
            "用法：zugong serve [--addr 127.0.0.1:8000] [--prod [--workers N]]\n\n"
            "执行数据库迁移后启动服务器、一个后台任务进程和定时扫描调度，按 Ctrl+C 一并停止。\n\n"
            "选项：\n"
            "  --addr 地址   服务地址（默认127.0.0.1:8000）\n"
            "  --prod        生产方式运行（gunicorn，多个工作进程；须关闭调试）\n"
            "  --workers N   工作进程数（与 --prod 同用，默认 2×CPU数+1）\n"
            "  -h, --help    显示本说明，不做任何操作"
        ),
        "flags": {"--prod"},
        "options": {"--addr", "--workers"},
    },
}
HELP_FLAGS = {"-h", "--help"}


def help_text(argv: list[str]) -> str | None:
    """The help to print instead of running, or None: ``zugong``, ``zugong help``,
    ``zugong --help``, ``zugong help demo`` and ``zugong demo --help`` (or ``-h``
    anywhere among a zugong command's arguments) only print. A Django management
    command answers its own ``--help``."""
    if not argv or (argv[0] in HELP_FLAGS | {"help"} and len(argv) == 1):
        return USAGE
    if argv[0] == "help" and argv[1] in COMMANDS:
        return COMMANDS[argv[1]]["help"]
    if argv[0] in COMMANDS and HELP_FLAGS & set(argv[1:]):
        return COMMANDS[argv[0]]["help"]
    return None


def check_arguments(argv: list[str]) -> str | None:
    """A Chinese reason when a zugong command's arguments are not the ones it takes
    (an unknown option, an option without its value, a value that is not a number)."""
    command = COMMANDS.get(argv[0])
    if command is None:
        return None
    rest = argv[1:]
    position = 0
    while position < len(rest):
        word = rest[position]
        if word in command["options"]:
            if position + 1 >= len(rest) or rest[position + 1].startswith("--"):
                return f"选项 {word} 后面缺少取值"
            value = rest[position + 1]
            if word in ("--persons", "--workers") and not (value.isdigit() and int(value) > 0):
                return f"选项 {word} 的取值应为正整数，收到“{value}”"
            position += 2
        elif word in command["flags"]:
            position += 1
        else:
            return f"zugong {argv[0]} 没有选项“{word}”"
    return None


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    text = help_text(argv)
    if text is not None:
        print(text)
        return
    problem = check_arguments(argv)
    if problem is not None:
        print(f"{problem}。\n{COMMANDS[argv[0]]['help']}", file=sys.stderr)
        sys.exit(2)
    prepare_environment(argv)
    _django()
    command = argv[0]
    addr = _address(argv)
    if command == "demo":
        persons = argv[argv.index("--persons") + 1] if "--persons" in argv else "5000"
        _run(["migrate", "--noinput", "-v", "0"])
        _run(["demo", "--persons", persons])
        if "--serve" in argv:
            serve(addr)
        return
    if command == "serve":
        _run(["migrate", "--noinput", "-v", "0"])
        if "--prod" in argv:
            workers = (
                int(argv[argv.index("--workers") + 1])
                if "--workers" in argv
                else 2 * (os.cpu_count() or 1) + 1
            )
            serve_prod(addr, workers)
        else:
            serve(addr)
        return
    _run(argv)


if __name__ == "__main__":
    main()

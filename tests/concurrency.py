"""Running jobs at the same moment, each in its own thread and database connection, for the
race tests (PostgreSQL: SQLite serialises writers, so row locks are never contended there)."""

import threading

from django.db import connection

DONE = "done"
REFUSED = "refused"


def at_once(jobs, *, refused: type[Exception]):
    """Run every job in its own thread (own connection), all released together.

    Returns, per job, DONE, REFUSED (the job raised `refused`, a rule saying no) or the
    exception it raised otherwise.
    """
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def work(index, job):
        try:
            barrier.wait(timeout=30)
            job()
            outcomes[index] = DONE
        except refused:
            outcomes[index] = REFUSED
        except BaseException as error:  # noqa: BLE001 - reported by the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [thread.is_alive() for thread in threads] == [False] * len(threads)
    return outcomes

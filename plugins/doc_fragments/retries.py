# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)


class ModuleDocFragment:
    # Retry tuning of the collection's AWS modules (AWSRetry jittered backoff on throttling and transient errors).
    DOCUMENTATION = r"""
options:
  backoff_retries:
    description:
      - How many times one AWS call is tried before it fails, when AWS answers with throttling or a transient
        error (C(Throttling), C(RequestLimitExceeded), C(ServiceUnavailable), C(InternalError), ...).
      - Access denied, validation and not-found errors are never retried.
    type: int
    default: 10
  backoff_delay:
    description:
      - Initial upper bound, in seconds, of the jittered delay between two tries; it doubles after each try.
    type: float
    default: 3.0
  backoff_max_delay:
    description:
      - Largest upper bound, in seconds, of the jittered delay between two tries.
    type: float
    default: 60.0
"""

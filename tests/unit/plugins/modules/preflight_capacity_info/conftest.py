"""Quotas for the capacity tests: moto has no EC2 quotas, so tests plant them in moto's Service Quotas backend."""

import pytest
from moto.servicequotas.models import ServiceQuotasBackend


@pytest.fixture
def ec2_quotas(monkeypatch):
    """Set EC2 vCPU quotas by code: ec2_quotas({"L-1216C47A": 64, ...}); other codes stay unreadable."""

    def plant(values):
        real = ServiceQuotasBackend.get_service_quota

        def get_service_quota(self, service_code, quota_code):
            if service_code == "ec2" and quota_code in values:
                return {"ServiceCode": "ec2", "QuotaCode": quota_code, "QuotaName": quota_code,
                        "Value": float(values[quota_code])}
            return real(self, service_code, quota_code)

        monkeypatch.setattr(ServiceQuotasBackend, "get_service_quota", get_service_quota)

    return plant


STANDARD = {"L-1216C47A": 256, "L-34B43A08": 256}

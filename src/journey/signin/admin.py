"""django-otp's admin pages are taken away: from them an administrator could read a user's
secret or delete a device. A lost device is reset by an assistant director, with a reason, at
/accounts/two-factor/reset/."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

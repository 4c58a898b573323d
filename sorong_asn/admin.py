"""What the Django admin may do: reference data is kept there; records with a workflow are only shown."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through their pages and services, where the rules, scope and history live.

    Editing an employee, a JP ledger row or an evaluation here would skip them, so nobody may add,
    change or delete these rows in the admin, superusers included; they stay visible for support.
    """

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

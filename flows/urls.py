from django.urls import path

from . import views

app_name = "flows"

urlpatterns = [
    path("flows/", views.FlowListView.as_view(), name="flow-list"),
    path("flows/new/", views.FlowEditView.as_view(), name="flow-new"),
    path("flows/<uuid:pk>/", views.FlowEditView.as_view(), name="flow-detail"),
    path("flows/<uuid:pk>/delete/", views.FlowDeleteView.as_view(), name="flow-delete"),
    path("business-hours/", views.BusinessHoursListView.as_view(), name="businesshours-list"),
    path("business-hours/new/", views.BusinessHoursEditView.as_view(), name="businesshours-new"),
    path("business-hours/shift-row/", views.ShiftRowView.as_view(), name="businesshours-shift-row"),
    path(
        "business-hours/shift-row/overnight/",
        views.ShiftOvernightView.as_view(),
        name="businesshours-shift-overnight",
    ),
    path("business-hours/<uuid:pk>/", views.BusinessHoursEditView.as_view(), name="businesshours-detail"),
    path(
        "business-hours/<uuid:pk>/delete/",
        views.BusinessHoursDeleteView.as_view(),
        name="businesshours-delete",
    ),
    path("holiday-lists/", views.HolidayListListView.as_view(), name="holidaylist-list"),
    path("holiday-lists/new/", views.HolidayListEditView.as_view(), name="holidaylist-new"),
    path("holiday-lists/holiday-row/", views.HolidayRowView.as_view(), name="holidaylist-holiday-row"),
    path("holiday-lists/<uuid:pk>/", views.HolidayListEditView.as_view(), name="holidaylist-detail"),
    path("holiday-lists/<uuid:pk>/delete/", views.HolidayListDeleteView.as_view(), name="holidaylist-delete"),
    path("override-lists/", views.OverrideListListView.as_view(), name="overridelist-list"),
    path("override-lists/new/", views.OverrideListEditView.as_view(), name="overridelist-new"),
    path("override-lists/override-row/", views.OverrideRowView.as_view(), name="overridelist-override-row"),
    path("override-lists/<uuid:pk>/", views.OverrideListEditView.as_view(), name="overridelist-detail"),
    path(
        "override-lists/<uuid:pk>/delete/", views.OverrideListDeleteView.as_view(), name="overridelist-delete"
    ),
]

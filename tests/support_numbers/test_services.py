import pytest
from django.core.exceptions import ValidationError

from channels.models import EntryPoint
from contactcenter.errors import Referenced, VersionConflict
from contactcenter.references import references
from support_numbers.models import SupportNumber
from support_numbers.services import (
    support_number_assign,
    support_number_delete,
    support_number_release,
    support_number_update,
    support_numbers_bulk_create,
)
from tests.dbstate import unchanged
from tests.factories import make_entry_point, make_number

pytestmark = pytest.mark.django_db


class TestAssign:
    def test_assign_and_release(self, org):
        number = make_number(org)
        channel = make_entry_point(org, "inbound_telephony")
        support_number_assign(support_number=number, entry_point=channel)
        assert SupportNumber.objects.get(pk=number.pk).entry_point == channel
        assert number.version == 2
        support_number_release(support_number=number)
        assert SupportNumber.objects.get(pk=number.pk).entry_point is None
        assert number.version == 3

    def test_assign_to_a_chat_channel_refused_and_nothing_is_written(self, org):
        number = make_number(org)
        channel = make_entry_point(org, "chat", name="Web_Chat")
        with unchanged(), pytest.raises(ValidationError) as error:
            support_number_assign(support_number=number, entry_point=channel)
        assert error.value.message_dict == {
            "entry_point": [
                "Support numbers can only be assigned to inbound telephony channels "
                "or to the system channel; “Web_Chat” is a chat channel."
            ]
        }

    def test_assign_to_the_system_channel(self, org):
        number = make_number(org)
        system = EntryPoint.objects.get(organization=org, is_system=True)
        support_number_assign(support_number=number, entry_point=system)
        assert list(system.support_numbers.all()) == [number]

    def test_one_number_on_two_channels_refused_and_nothing_is_written(self, org):
        number = make_number(org, "+45 80 20 30 40")
        first = make_entry_point(org, "inbound_telephony", name="First")
        second = make_entry_point(org, "inbound_telephony", name="Second")
        support_number_assign(support_number=number, entry_point=first)
        with unchanged(), pytest.raises(ValidationError) as error:
            support_number_assign(support_number=number, entry_point=second)
        assert error.value.message_dict == {
            "entry_point": ["+45 80 20 30 40 is already assigned to channel “First”."]
        }

    def test_assigning_again_to_the_same_channel_is_fine(self, org):
        number = make_number(org)
        channel = make_entry_point(org, "inbound_telephony")
        support_number_assign(support_number=number, entry_point=channel)
        support_number_assign(support_number=number, entry_point=channel)
        assert SupportNumber.objects.get(pk=number.pk).entry_point == channel

    def test_channel_of_another_organization_refused(self, org, other_org):
        number = make_number(org)
        channel = make_entry_point(other_org, "inbound_telephony")
        with unchanged(), pytest.raises(ValidationError) as error:
            support_number_assign(support_number=number, entry_point=channel)
        assert error.value.message_dict == {"entry_point": ["Choose one of your organization's channels."]}

    def test_a_deleted_number_cannot_be_assigned(self, org):
        number = make_number(org)
        channel = make_entry_point(org, "inbound_telephony")
        SupportNumber.objects.filter(pk=number.pk).delete()
        with pytest.raises(VersionConflict):
            support_number_assign(support_number=number, entry_point=channel)


class TestDeleteAndUpdate:
    def test_an_assigned_number_cannot_be_deleted(self, org):
        number = make_number(org)
        make_entry_point(org, "inbound_telephony", name="Hotline", support_numbers=[number])
        assert [(ref.kind, ref.name) for ref in references(number)] == [("channel", "Hotline")]
        with unchanged(), pytest.raises(Referenced) as error:
            support_number_delete(support_number=number)
        assert error.value.extra["referrers"][0]["name"] == "Hotline"

    def test_a_free_number_is_deleted(self, org):
        number = make_number(org)
        support_number_delete(support_number=number, version=1)
        assert not SupportNumber.objects.filter(pk=number.pk).exists()

    def test_update_normalizes_and_checks_the_version(self, org):
        number = make_number(org)
        support_number_update(support_number=number, version=1, number="+45 33 12 34 57", description="Spare")
        stored = SupportNumber.objects.get(pk=number.pk)
        assert (stored.number, stored.description, stored.version) == ("+4533123457", "Spare", 2)
        with unchanged(), pytest.raises(VersionConflict):
            support_number_update(support_number=stored, version=1, description="stale")

    def test_update_to_an_impossible_number_refused(self, org):
        number = make_number(org)
        with unchanged(), pytest.raises(ValidationError) as error:
            support_number_update(support_number=number, version=1, number="+45 12 34 56 78")
        assert list(error.value.message_dict) == ["number"]


class TestBulkCreate:
    def test_each_line_is_added_or_refused_on_its_own(self, org, other_org):
        make_number(other_org, "+45 33 12 34 57")
        text = "\n".join(
            [
                "+45 80 20 30 40",
                "",
                "+45 12 34 56 78",
                "+4580203040",
                "+45 33 12 34 57",
                "+45 33 12 34 56",
            ]
        )
        result = support_numbers_bulk_create(organization=org, text=text)
        assert [n.number for n in result.added] == ["+4580203040", "+4533123456"]
        assert [line for line, _why in result.refused] == [
            "+45 12 34 56 78",
            "+4580203040",
            "+45 33 12 34 57",
        ]
        # The same number twice in one paste is named as such, not as "already registered".
        assert "This number appears twice in the list." in result.refused[1][1]
        assert "This number is already registered." in result.refused[2][1]
        assert result.refused_text == "+45 12 34 56 78\n+4580203040\n+45 33 12 34 57"
        assert SupportNumber.objects.filter(organization=org).count() == 2

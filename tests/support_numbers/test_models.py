import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from channels.models import EntryPoint
from support_numbers.models import SupportNumber
from support_numbers.phone import describe_number, normalize_number
from support_numbers.services import support_number_create
from tests.dbstate import unchanged
from tests.factories import make_entry_point, make_number

pytestmark = pytest.mark.django_db


class TestNormalization:
    @pytest.mark.parametrize(
        "written",
        ["+45 33 12 34 56", "+4533123456", "0045 33 12 34 56", "+45-33-12-34-56", " +45 (33) 123456 "],
    )
    def test_common_forms_become_e164(self, written):
        assert normalize_number(written) == "+4533123456"

    def test_stored_as_e164(self, org):
        number = support_number_create(organization=org, number="+45 33 12 34 56")
        assert SupportNumber.objects.get(pk=number.pk).number == "+4533123456"
        assert str(number) == "+45 33 12 34 56"

    def test_impossible_danish_number_refused_and_nothing_is_written(self, org):
        with unchanged(), pytest.raises(ValidationError) as error:
            support_number_create(organization=org, number="+45 12 34 56 78")
        assert error.value.message_dict == {
            "number": [
                "“+45 12 34 56 78” is not a valid number in DK: check the number of digits and the prefix."
            ]
        }

    def test_too_short_danish_number_refused(self):
        with pytest.raises(ValidationError) as error:
            normalize_number("+45 33 12 34")
        assert "is not a valid number in DK" in error.value.messages[0]

    def test_a_number_without_country_code_is_refused(self):
        with pytest.raises(ValidationError) as error:
            normalize_number("33 12 34 56")
        assert error.value.messages == [
            "Write “33 12 34 56” in international form, "
            "starting with + and the country code (+45 33 12 34 56)."
        ]

    @pytest.mark.parametrize("text", ["+45 call us", "+"])
    def test_text_is_not_a_number(self, text):
        with pytest.raises(ValidationError):
            normalize_number(text)

    def test_empty_refused(self):
        with pytest.raises(ValidationError) as error:
            normalize_number("  ")
        assert error.value.messages == ["Enter a phone number."]

    def test_description_of_numbers(self):
        toll_free = describe_number("+4580203040")
        assert (
            toll_free.international,
            toll_free.country_code,
            toll_free.country,
            toll_free.number_type,
        ) == ("+45 80 20 30 40", "DK", "Denmark", "Toll-free")
        assert describe_number("+4533123456").number_type == "Fixed line or mobile"


class TestUniqueness:
    def test_unique_across_the_installation_in_any_written_form(self, org, other_org):
        make_number(org, "+45 33 12 34 56")
        with unchanged(), pytest.raises(ValidationError) as error:
            support_number_create(organization=other_org, number="+4533123456")
        assert error.value.message_dict == {"number": ["This number is already registered."]}

    def test_database_refuses_a_duplicate(self, org, other_org):
        make_number(org, "+45 33 12 34 56")
        with unchanged(), pytest.raises(IntegrityError), transaction.atomic():
            SupportNumber.objects.create(organization=other_org, number="+4533123456")

    def test_database_refuses_a_number_not_in_e164(self, org):
        number = make_number(org)
        with unchanged(), pytest.raises(IntegrityError), transaction.atomic():
            SupportNumber.objects.filter(pk=number.pk).update(number="4533123456")


class TestChannelRule:
    @pytest.mark.parametrize("channel_type", ["chat", "email", "social"])
    def test_a_number_on_a_non_telephony_channel_is_refused_by_clean(self, org, channel_type):
        channel = make_entry_point(org, channel_type, name="NotPhone")
        number = SupportNumber(organization=org, number="+45 33 12 34 56", entry_point=channel)
        with pytest.raises(ValidationError) as error:
            number.full_clean()
        assert error.value.message_dict["entry_point"][0].startswith(
            "Support numbers can only be assigned to inbound telephony channels or to the system channel; "
            "“NotPhone” is a"
        )

    def test_inbound_telephony_and_system_channel_may_hold_numbers(self, org):
        for channel in (
            make_entry_point(org, "inbound_telephony"),
            EntryPoint.objects.get(organization=org, is_system=True),
        ):
            SupportNumber(organization=org, number="+45 33 12 34 56", entry_point=channel).full_clean()

    def test_a_channel_of_another_organization_is_refused(self, org, other_org):
        channel = make_entry_point(other_org, "inbound_telephony")
        with unchanged(), pytest.raises(ValidationError) as error:
            support_number_create(organization=org, number="+45 33 12 34 56", entry_point=channel)
        assert error.value.message_dict == {"entry_point": ["Choose one of your organization's objects."]}

    def test_a_foreign_key_holds_one_channel_per_number(self):
        field = SupportNumber._meta.get_field("entry_point")
        assert field.many_to_one

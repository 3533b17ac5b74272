package dev.switchboard.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.error.ApiException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Phone numbers become E.164, regions ISO 3166-1 alpha-2, and a display name is derived. */
class ContactNormalizerTest {

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "(415) 555-2671     | US | +14155552671",
            "415.555.2671       | US | +14155552671",
            "+1 415 555 2671    | DE | +14155552671",
            "030 901820         | DE | +4930901820",
            "+49 30 901820      | US | +4930901820",
            "020 7946 0958      | GB | +442079460958",
            "0044 20 7946 0958  | GB | +442079460958",
            "06 12 34 56 78     | FR | +33612345678",
    })
    void normalisesPhoneNumbersToE164(String input, String region, String expected) {
        assertEquals(expected, ContactNormalizer.e164(input, region));
    }

    @ParameterizedTest(name = "{0} in {1} is invalid")
    @CsvSource(delimiter = '|', value = {"12 | US", "555-0000-00000000 | US", "not a phone | US", "030 901820 | US", "+999 1234567 | US"})
    void rejectsInvalidPhoneNumbers(String input, String region) {
        assertNull(ContactNormalizer.e164(input, region));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "US | US", "us | US", " de | DE", "DEU | DE", "usa | US", "Germany | DE", "germany | DE", "Deutschland | DE",
            "United Kingdom | GB", "UK | GB", "France | FR", "U.S. | US", "Côte d’Ivoire | CI", "cote d’ivoire | CI",
            "Japan | JP", "España | ES",
    })
    void normalisesRegions(String input, String expected) {
        assertEquals(expected, ContactNormalizer.region(input));
    }

    @ParameterizedTest(name = "{0} is not a region")
    @CsvSource(delimiter = '|', value = {"XX", "ZZ", "Atlantis", "U", "12"})
    void rejectsUnknownRegions(String input) {
        assertNull(ContactNormalizer.region(input));
    }

    @Test
    void readsANationalNumberInTheContactsRegionAndOtherwiseInTheDefaultRegion() {
        ContactValues german = ContactNormalizer.normalize(values("Anna", "030 901820", "Germany"));
        assertEquals("+4930901820", german.phone());
        assertEquals("DE", german.region());
        ContactValues noRegion = ContactNormalizer.normalize(values("Bob", "(415) 555-2671", null));
        assertEquals("+14155552671", noRegion.phone(), "the organization default region is " + ContactNormalizer.DEFAULT_REGION);
        assertNull(noRegion.region());
    }

    @Test
    void derivesTheFullNameFromFirstAndLastName() {
        ContactValues v = new ContactValues("Ada", "Lovelace", null, null, null, null, null, List.of(), null, null, new JsonObject());
        assertEquals("Ada Lovelace", ContactNormalizer.normalize(v).fullName());
        ContactValues onlyLast = new ContactValues(null, "Lovelace", null, null, null, null, null, List.of(), null, null, new JsonObject());
        assertEquals("Lovelace", ContactNormalizer.normalize(onlyLast).fullName());
    }

    @Test
    void reportsEveryFieldThatCannotBeNormalised() {
        ContactValues bad = new ContactValues(null, null, null, null, "123", null, "Atlantis", List.of(), null, null, new JsonObject());
        ApiException e = assertThrows(ApiException.class, () -> ContactNormalizer.normalize(bad));
        assertEquals(400, e.status());
        List<String> fields = e.errors().stream().map(f -> f.field()).toList();
        assertTrue(fields.containsAll(List.of("fullName", "phone", "region")), fields::toString);
    }

    private static ContactValues values(String name, String phone, String region) {
        return new ContactValues(null, null, name, null, phone, null, region, List.of(), null, null, new JsonObject());
    }
}

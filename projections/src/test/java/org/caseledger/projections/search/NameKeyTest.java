package org.caseledger.projections.search;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NameKeyTest {

    @Test
    void aNameInCyrillicAndItsUsualLatinSpellingHaveOneKey() {
        assertThat(NameKey.of("Шайырбек Даулетхан")).isEqualTo(NameKey.of("Shaiyrbek Dauletkhan"))
                .isEqualTo(NameKey.of("SHAYIRBEK  DAULETHAN")).isEqualTo("sairbek daulethan");
        assertThat(NameKey.of("Гүлбахар Жалилова")).isEqualTo(NameKey.of("Gulbahar Jalilova"))
                .isEqualTo(NameKey.of("Gulbakhar Zhalilova"));
    }

    @Test
    void uyghurArabicScriptAndUyghurLatinScriptHaveOneKey() {
        assertThat(NameKey.of("گۈلباھار جېلىلوۋا")).isEqualTo(NameKey.of("Gülbahar Jélilowa"))
                .isEqualTo("gulbahar zelilova");
        assertThat(NameKey.of("شايىربەك")).isEqualTo(NameKey.of("Shayirbek"));
    }

    @Test
    void chineseCharactersArePinyinWithANamesSyllablesRunTogether() {
        assertThat(NameKey.of("古丽巴哈尔·加力力")).isEqualTo(NameKey.of("Gulibahaer Jialili"))
                .isEqualTo("gulibahaer zialili");
        assertThat(NameKey.of("吐尔逊")).isEqualTo("tuerxun");
    }

    @Test
    void accentsCasePunctuationAndDoubledLettersDoNotCount() {
        assertThat(NameKey.of("  Dövlet-khan, O'Reilly  ")).isEqualTo("dovlet han o reili");
        assertThat(NameKey.of("Ayjan")).isEqualTo(NameKey.of("Aijan")).isEqualTo("aizan");
        assertThat(NameKey.of("!!! ...")).isEmpty();
        assertThat(NameKey.of(null)).isEmpty();
    }
}

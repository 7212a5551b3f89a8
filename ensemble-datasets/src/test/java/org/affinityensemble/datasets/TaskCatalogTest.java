package org.affinityensemble.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.affinityensemble.events.DatasetDeclared;
import org.affinityensemble.events.Ids;
import org.junit.jupiter.api.Test;

class TaskCatalogTest {

    @Test
    void listsTheTenBenchmarkTasksInOrder() {
        assertThat(TaskCatalog.ids()).containsExactly("sent_amazon", "sent_imdb", "spam_email", "brown_genre",
                "wordnet_noun", "wordnet_verb", "foldoc_domain", "reuters_grain", "fortune_category",
                "fortune_language");
        assertThat(TaskCatalog.all()).extracting(Task::id).containsExactlyElementsOf(TaskCatalog.ids());
    }

    @Test
    void everyTaskCanBeDeclaredOnTheDatasetTopic() {
        for (Task task : TaskCatalog.all()) {
            DatasetDeclared declared = new DatasetDeclared(task.id(), task.labels(), task.description());
            assertThat(declared.labels()).isEqualTo(task.labels());
            assertThat(Ids.DATASET_ID.matcher(task.id()).matches()).isTrue();
            assertThat(task.labels()).allSatisfy(label -> assertThat(label).matches("[A-Za-z][A-Za-z ]*[a-z]"));
            assertThat(task.sources()).isNotEmpty();
            assertThat(task.licence()).isNotBlank();
            assertThat(task.attribution()).isNotBlank();
        }
    }

    @Test
    void labelCountsMatchTheSources() {
        assertThat(TaskCatalog.get("wordnet_noun").labels()).hasSize(26).contains("artifact", "person", "body");
        assertThat(TaskCatalog.get("wordnet_verb").labels()).hasSize(15).contains("motion");
        assertThat(TaskCatalog.get("brown_genre").labels()).hasSize(15).contains("news", "religion", "science fiction");
        assertThat(TaskCatalog.get("spam_email").labels()).containsExactly("legitimate email", "spam");
        assertThat(TaskCatalog.get("fortune_language").labels()).hasSize(9).contains("English", "German");
        assertThat(TaskCatalog.get("fortune_category").labels()).hasSize(10);
        assertThat(TaskCatalog.get("foldoc_domain").labels()).hasSize(12);
    }

    @Test
    void anUnknownTaskNamesTheKnownOnes() {
        assertThatThrownBy(() -> TaskCatalog.get("sent_yelp")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sent_amazon").hasMessageContaining("fortune_language");
    }
}

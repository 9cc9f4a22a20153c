package library;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A review imported with the id it has in the system it comes from (an assigned id). Hibernate
 * cannot batch inserts of an IDENTITY entity (it must read each generated id back), so a batch
 * import maps the same table with assigned ids; hibernate.jdbc.batch_size then sends the rows as
 * one JDBC batch, which pgjdbc's reWriteBatchedInserts turns into multi-row INSERTs.
 */
@Entity
@Table(name = "reviews")
public class ImportedReview {
    @Id
    Integer id;
    @Column(name = "book_id")
    Integer bookId;
    @Column(name = "reviewer_id")
    Integer reviewerId;
    Integer stars;
    String body;
}

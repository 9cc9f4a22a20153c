package dev.querylens.collect.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "tasks")
public class Task {
    @Id
    // a sequence, Hibernate's default on PostgreSQL: with IDENTITY the driver appends RETURNING * to
    // each INSERT, and the server's log then holds a statement the ORM's log does not
    @GeneratedValue(strategy = GenerationType.SEQUENCE)
    Long id;
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "project_id")
    Project project;
    String title;
    boolean done;

    public Task() {
    }

    public Task(Project project, String title) {
        this.project = project;
        this.title = title;
    }
}

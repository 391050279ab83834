package org.fediflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.ibatis.parsing.XNode;
import org.apache.ibatis.parsing.XPathParser;
import org.apache.ibatis.session.Configuration;
import org.junit.jupiter.api.Test;

class EngineConfigurationTest {

    @Test
    void theMappingFilesAreForgottenOnceEveryStatementIsParsed() {
        Configuration mybatis = new Configuration();
        mybatis.getSqlFragments().put("columns", fragment());

        EngineConfiguration.forgetMappingFiles(mybatis);

        assertThat(mybatis.getSqlFragments()).isEmpty();
    }

    @Test
    void theMappingFilesAreKeptWhileAStatementStillWaitsToBeParsed() {
        Configuration mybatis = new Configuration();
        mybatis.getSqlFragments().put("columns", fragment());
        mybatis.addIncompleteMethod(null);

        EngineConfiguration.forgetMappingFiles(mybatis);

        assertThat(mybatis.getSqlFragments()).containsKey("columns");
    }

    private static XNode fragment() {
        return new XPathParser("<sql id=\"columns\">ID_, REV_</sql>").evalNode("/sql");
    }
}

using System.Text.Json.Nodes;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Services.SageMaker;

namespace LineageEmulator.Tests.SageMaker;

/// <summary>
/// The Search expression engine on its own, over resource documents the API cannot make yet: a trial component
/// that a training job created. SageMaker names it "&lt;job-name&gt;-aws-training-job" and gives it a Source whose
/// SourceArn is the job's ARN (Developer Guide, "Amazon SageMaker AI–Created Tracking Entities"; the SDK's
/// ModelArtifact.training_job_arns() reads trial_component["Source"]["SourceArn"]), and metrics summaries
/// that Search filters as Metrics.&lt;name&gt;.&lt;statistic&gt; (the Filter shape's documentation).
/// </summary>
public sealed class SearchExpressionTests
{
    private static readonly JsonNode JobComponent = JsonNode.Parse("""
        {
          "TrialComponentName": "xgb-2026-01-01-aws-training-job",
          "TrialComponentArn": "arn:aws:sagemaker:us-east-1:111111111111:experiment-trial-component/xgb-2026-01-01-aws-training-job",
          "Source": { "SourceArn": "arn:aws:sagemaker:us-east-1:111111111111:training-job/xgb-2026-01-01", "SourceType": "SageMakerTrainingJob" },
          "CreationTime": 1767225600,
          "Parameters": { "SageMaker.InstanceType": { "StringValue": "ml.m5.xlarge" }, "eta": { "NumberValue": 0.3 } },
          "Metrics": [
            { "MetricName": "validation:auc", "Max": 0.93, "Min": 0.71, "Last": 0.9, "Count": 20 },
            { "MetricName": "train:error", "Max": 0.2, "Last": 0.05 }
          ],
          "Tags": [ { "Key": "sagemaker:pipeline.step", "Value": "Train" } ],
          "Parents": [ { "TrialName": "t", "ExperimentName": "e" } ]
        }
        """)!;

    private static bool Match(string name, string? op, string? value) =>
        SearchExpressions.Matches(JobComponent, new SearchExpression { Filters = [new Filter { Name = name, Operator = op, Value = value }] }, "TrialComponent");

    [Theory]
    [InlineData("Source.SourceArn", "Equals", "arn:aws:sagemaker:us-east-1:111111111111:training-job/xgb-2026-01-01", true)]
    [InlineData("TrialComponent.Source.SourceType", "Equals", "SageMakerTrainingJob", true)]
    [InlineData("TrialComponentName", "Contains", "-aws-training-job", true)]
    [InlineData("Metrics.validation:auc.Max", "GreaterThan", "0.9", true)]
    [InlineData("Metrics.validation:auc.Last", "GreaterThan", "0.9", false)]
    [InlineData("Metrics.train:error.Min", "Exists", null, false)]
    [InlineData("Metrics.train:error.Last", "LessThanOrEqualTo", "0.05", true)]
    // Keys may contain dots: the longest key present wins.
    [InlineData("Parameters.SageMaker.InstanceType", "Equals", "ml.m5.xlarge", true)]
    [InlineData("Tags.sagemaker:pipeline.step", "Equals", "Train", true)]
    [InlineData("Parameters.eta", "LessThan", "0.5", true)]
    [InlineData("Parameters.eta", "In", "0.3,0.5", true)]
    [InlineData("CreationTime", "LessThan", "2026-01-01T00:00:01", true)]
    [InlineData("CreationTime", "GreaterThan", "2026-01-01T00:00:00", false)]
    [InlineData("Parents", "Exists", null, true)]
    [InlineData("Parents.TrialName", "NotEquals", "t", false)]
    [InlineData("NoSuchProperty", "NotExists", null, true)]
    // Text does not order ("Not supported for text properties"): a number against text never matches.
    [InlineData("TrialComponentName", "GreaterThan", "1", false)]
    public void Job_made_components_match_by_documented_paths(string name, string op, string? value, bool expected) =>
        Assert.Equal(expected, Match(name, op, value));

    [Fact]
    public void Sort_values_order_numbers_numerically_and_put_text_after_numbers()
    {
        var values = new[] { -2.5, -1, 0, 0.3, 10, 1e9 }
            .Select(d => SearchExpressions.SortValue(JsonNode.Parse($$"""{"v":{{d}}}""")!, "v", "X")!)
            .ToList();
        Assert.Equal(values.Order(StringComparer.Ordinal), values);
        Assert.True(string.CompareOrdinal(values[^1], SearchExpressions.SortValue(JsonNode.Parse("""{"v":"a"}""")!, "v", "X")) < 0);
        Assert.Null(SearchExpressions.SortValue(JobComponent, "DisplayName", "TrialComponent"));
    }
}
